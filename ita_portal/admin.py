from django.contrib import admin

from ita_portal.models import Membership, Organization


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["code", "short_name", "level", "parent", "director_name", "default_digit_system"]
    list_filter = ["level"]
    list_select_related = ["parent"]
    search_fields = ["code", "name", "short_name"]
    autocomplete_fields = ["parent"]
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["code", "name", "short_name", "parent_body", "ministry", "address", "email", "phone"]}),
        ("ลำดับชั้นของหน่วยงาน (นำเข้าโรงเรียนทั้งเขตด้วยคำสั่ง import_schools)", {"fields": ["level", "parent"]}),
        ("ผู้อำนวยการ (ใช้ในช่องลงนามของเอกสารทุกฉบับ)", {"fields": ["director_name", "director_position"]}),
        ("รูปแบบเอกสาร", {"fields": ["default_digit_system"]}),
    ]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "role", "position"]
    list_filter = ["role", "organization"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "organization__short_name"]
    autocomplete_fields = ["user", "organization"]
