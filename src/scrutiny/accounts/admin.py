from django.contrib import admin

from .models import Membership


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "force", "organisation", "role"]
    list_filter = ["force", "organisation", "role"]
