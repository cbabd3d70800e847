"""Build the roles and the 值班主任审核 workflow from ``newsroom.roles``.

Written against a model registry (``apps``) so that the data migration can
run it with historical models, and ``post_migrate`` with the real ones.
"""

from django.contrib.auth.management import create_permissions

from newsroom import roles


def ensure_permissions(apps):
    """Create model permissions now; Django would otherwise only do it after all migrations."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def get_permissions(apps, names):
    Permission = apps.get_model("auth", "Permission")
    permissions = []
    for name in names:
        app_label, codename = name.split(".")
        permissions.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return permissions


def models(apps, *names):
    """The models named "app_label.ModelName", from ``apps``."""
    return [apps.get_model(*name.split(".")) for name in names]


# Per-tree permissions: the group-permission model and the tree's model, by the field that links them.
TREE_PERMISSIONS = {
    "page": ("wagtailcore.GroupPagePermission", "wagtailcore.Page"),
    "collection": ("wagtailcore.GroupCollectionPermission", "wagtailcore.Collection"),
}


def grant_on_root(apps, group, tree, names):
    """Replace ``group``'s permissions on the root of a tree ("page" or "collection") by ``names``."""
    permission_model, tree_model = models(apps, *TREE_PERMISSIONS[tree])
    permission_model.objects.filter(group=group).delete()
    root = tree_model.objects.filter(depth=1).order_by("path").first()
    if root is not None:
        for permission in get_permissions(apps, names):
            permission_model.objects.create(group=group, permission=permission, **{tree: root})


def apply_roles(apps):
    Group, Permission = models(apps, "auth.Group", "auth.Permission")
    ensure_permissions(apps)
    Group.objects.filter(name__in=roles.WAGTAIL_DEFAULT_GROUPS).delete()

    for name in roles.ROLE_NAMES:
        group, _ = Group.objects.get_or_create(name=name)
        if name == roles.ADMINISTRATOR:
            group.permissions.set(Permission.objects.all())
        else:
            group.permissions.set(get_permissions(apps, roles.MODEL_PERMISSIONS[name]))
        grant_on_root(apps, group, "page", [f"wagtailcore.{codename}" for codename in roles.PAGE_PERMISSIONS[name]])
        grant_on_root(apps, group, "collection", roles.COLLECTION_PERMISSIONS[name])


def apply_workflow(apps):
    """One workflow, 值班主任审核, whose single task is approval by a 值班主任."""
    Group, ContentType, Workflow, WorkflowTask, WorkflowPage, GroupApprovalTask = models(
        apps,
        "auth.Group",
        "contenttypes.ContentType",
        "wagtailcore.Workflow",
        "wagtailcore.WorkflowTask",
        "wagtailcore.WorkflowPage",
        "wagtailcore.GroupApprovalTask",
    )

    # Wagtail's stock workflow sits on the root and would moderate every page.
    for stock in Workflow.objects.filter(name=roles.WAGTAIL_DEFAULT_WORKFLOW):
        WorkflowPage.objects.filter(workflow=stock).delete()
        stock.active = False
        stock.save(update_fields=["active"])

    task_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
    task = GroupApprovalTask.objects.filter(name=roles.APPROVAL_TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=roles.APPROVAL_TASK_NAME, active=True, content_type=task_type)
    task.groups.set([Group.objects.get(name=roles.CHIEF_EDITOR)])

    workflow, _ = Workflow.objects.get_or_create(name=roles.WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    return workflow


def moderated_pages(apps):
    """Pages whose subtree the workflow covers: news indexes (news) and campaigns (activities)."""
    pages = []
    for model_name in ("newsindexpage", "campaignpage"):
        pages.extend(apps.get_model("campaign", model_name).objects.all())
    return pages


def assign_workflow(apps, page_ids):
    Workflow, WorkflowPage = models(apps, "wagtailcore.Workflow", "wagtailcore.WorkflowPage")
    workflow = Workflow.objects.filter(name=roles.WORKFLOW_NAME).first()
    if workflow is None:
        return
    for page_id in page_ids:
        WorkflowPage.objects.get_or_create(page_id=page_id, defaults={"workflow": workflow})
