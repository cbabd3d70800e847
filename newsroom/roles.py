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

WORKFLOW_NAME = "值班主任审核"
APPROVAL_TASK_NAME = "值班主任审核"

# Each role holds what the one below it holds, and more: an editor writes, a
# chief editor also publishes and manages the media, an administrator also
# deletes in bulk and manages collections.

# Page permissions, granted on the tree root so that they survive the home
# page being rebuilt (load_initial_data, test fixtures).
EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page", "lock_page", "view_page"]
CHIEF_EDITOR_PAGE_PERMISSIONS = [*EDITOR_PAGE_PERMISSIONS, "unlock_page", "publish_page"]
PAGE_PERMISSIONS = {
    EDITOR: EDITOR_PAGE_PERMISSIONS,
    CHIEF_EDITOR: CHIEF_EDITOR_PAGE_PERMISSIONS,
    PARTNER_MANAGER: [],
    ADMINISTRATOR: [*CHIEF_EDITOR_PAGE_PERMISSIONS, "bulk_delete_page"],
}


MEDIA_MODELS = [("wagtailimages", "image"), ("wagtaildocs", "document")]


def media_permissions(*actions):
    """Image and document permissions ("app_label.codename") for ``actions``."""
    return [f"{app}.{action}_{model}" for app, model in MEDIA_MODELS for action in actions]


CHIEF_EDITOR_COLLECTION_PERMISSIONS = media_permissions("add", "change", "choose", "delete")

# Image and document permissions on the root collection ("app_label.codename").
COLLECTION_PERMISSIONS = {
    # Editors upload, edit their own uploads (Wagtail's ownership rule) and
    # choose any image; in Wagtail, "change" would also let them delete any.
    EDITOR: media_permissions("add", "choose"),
    CHIEF_EDITOR: CHIEF_EDITOR_COLLECTION_PERMISSIONS,
    PARTNER_MANAGER: [],
    ADMINISTRATOR: [
        *CHIEF_EDITOR_COLLECTION_PERMISSIONS,
        "wagtailcore.add_collection",
        "wagtailcore.change_collection",
        "wagtailcore.delete_collection",
    ],
}

# Plain model permissions ("app_label.codename"). Administrators get every
# permission instead (see ``newsroom.apps``). The partner manager's keys,
# webhooks and delivery log permissions are added by the migrations of the
# apps that define those models.
ADMIN_ACCESS = "wagtailadmin.access_admin"
EDITOR_MODEL_PERMISSIONS = [ADMIN_ACCESS, "campaign.view_organisation"]
MODEL_PERMISSIONS = {
    EDITOR: EDITOR_MODEL_PERMISSIONS,
    CHIEF_EDITOR: [*EDITOR_MODEL_PERMISSIONS, "campaign.add_organisation", "campaign.change_organisation"],
    PARTNER_MANAGER: [ADMIN_ACCESS],
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

# Public participation (participation/, moderation/). Not in ROLE_NAMES: the judges' group and the
# moderators' permissions are made by moderation's migration, once those models exist.
JUDGE = "评委"
# A judge reads and scores the cases against the published criteria, and nothing else.
JUDGE_PERMISSIONS = [
    ADMIN_ACCESS,
    "moderation.judge_cases",
    "moderation.add_score",
    "moderation.change_score",
    "moderation.view_score",
]
# The roles that moderate submissions: queues, personal data (logged), export, accept, erase.
# Administrators hold it as they hold every permission.
MODERATOR_ROLES = [CHIEF_EDITOR]
MODERATOR_PERMISSIONS = ["moderation.moderate_submissions"]
# Editors attach participation forms to activities (dates, consent text, count, criteria, sessions).
FORM_EDITOR_ROLES = [EDITOR, CHIEF_EDITOR]
FORM_EDITOR_PERMISSIONS = [
    "participation.add_participationform",
    "participation.change_participationform",
    "participation.view_participationform",
]
