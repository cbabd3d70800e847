"""The newsroom's roles: one place that says which group may do what.

The data migration builds the groups from these tables, and the tests check
them against what each role can actually do in the admin.
"""

EDITOR = "编辑"
CHIEF_EDITOR = "值班主任"
PARTNER_MANAGER = "合作伙伴管理员"
ADMINISTRATOR = "管理员"

ROLE_NAMES = [EDITOR, CHIEF_EDITOR, PARTNER_MANAGER, ADMINISTRATOR]

# Wagtail's stock groups, replaced by the roles above.
WAGTAIL_DEFAULT_GROUPS = ["Editors", "Moderators"]
WAGTAIL_DEFAULT_WORKFLOW = "Moderators approval"

WORKFLOW_NAME = "编辑审核"
APPROVAL_TASK_NAME = "值班主任审核"

# Page permissions, granted on the tree root so that they survive the home
# page being rebuilt (load_initial_data, test fixtures).
PAGE_PERMISSIONS = {
    EDITOR: ["add_page", "change_page", "lock_page", "view_page"],
    CHIEF_EDITOR: ["add_page", "change_page", "lock_page", "unlock_page", "publish_page", "view_page"],
    PARTNER_MANAGER: [],
    ADMINISTRATOR: [
        "add_page",
        "change_page",
        "bulk_delete_page",
        "lock_page",
        "unlock_page",
        "publish_page",
        "view_page",
    ],
}

# Image and document permissions on the root collection ("app_label.codename").
COLLECTION_PERMISSIONS = {
    # Editors upload, edit their own uploads (Wagtail's ownership rule) and
    # choose any image; in Wagtail, "change" would also let them delete any.
    EDITOR: [
        "wagtailimages.add_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.choose_document",
    ],
    CHIEF_EDITOR: [
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtailimages.delete_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
        "wagtaildocs.delete_document",
    ],
    PARTNER_MANAGER: [],
    ADMINISTRATOR: [
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtailimages.delete_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
        "wagtaildocs.delete_document",
        "wagtailcore.add_collection",
        "wagtailcore.change_collection",
        "wagtailcore.delete_collection",
    ],
}

# Plain model permissions ("app_label.codename"). Administrators get every
# permission instead (see ``newsroom.apps``). The partner manager's keys,
# webhooks and delivery log permissions are added by the migrations of the
# apps that define those models.
MODEL_PERMISSIONS = {
    EDITOR: [
        "wagtailadmin.access_admin",
        "campaign.view_organisation",
    ],
    CHIEF_EDITOR: [
        "wagtailadmin.access_admin",
        "campaign.view_organisation",
        "campaign.add_organisation",
        "campaign.change_organisation",
    ],
    PARTNER_MANAGER: [
        "wagtailadmin.access_admin",
    ],
    ADMINISTRATOR: [],
}

# Granted by partner_sync's migration 0002, once those models exist.
PARTNER_MANAGER_PERMISSIONS = [
    "partner_api.add_partnerkey",
    "partner_api.change_partnerkey",
    "partner_api.view_partnerkey",
    "partner_api.view_partnerkeyusage",
    "partner_sync.add_webhookendpoint",
    "partner_sync.change_webhookendpoint",
    "partner_sync.delete_webhookendpoint",
    "partner_sync.view_webhookendpoint",
    "partner_sync.view_webhookdelivery",
]
