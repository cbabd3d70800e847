"""Who sees which images in the admin's 图片 menu.

Wagtail's image listing shows the images a user may change or delete; an
editor, who uploads and chooses but edits only their own uploads (Wagtail's
ownership rule), would see only their own images there while the image
chooser offers every image. Newsroom editors look for pictures in the
listing too, so it shows every image the user may choose as well. Editing and
deleting still follow the ownership rule: the edit and delete views ask
``user_has_permission_for_instance``, which this policy leaves untouched.

Registered through Wagtail's documented ``register_permission_policy``.
"""

from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy

# The exact actions Wagtail's image listing asks for.
LISTING_ACTIONS = frozenset({"change", "delete"})


class NewsroomImagePermissionPolicy(CollectionOwnershipPermissionPolicy):
    def instances_user_has_any_permission_for(self, user, actions):
        actions = set(actions)
        if actions >= LISTING_ACTIONS:
            # "Any of" semantics: an image the user may choose is listed too.
            actions.add("choose")
        return super().instances_user_has_any_permission_for(user, actions)


def register():
    from wagtail.images import get_image_model
    from wagtail.permissions import register_permission_policy

    # As ``wagtail.images.get_permission_policy``: permissions are those of the base Image model.
    policy = NewsroomImagePermissionPolicy(
        get_image_model(), auth_model="wagtailimages.Image", owner_field_name="uploaded_by_user"
    )
    register_permission_policy(get_image_model(), policy)
