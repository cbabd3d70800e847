"""{% picture %} HTML is remembered per image and tag, and never outlives a change to the image."""

import pytest
from django.template import Context, Template
from wagtail_factories import ImageFactory

pytestmark = pytest.mark.django_db

TAG = '{% picture img format-{webp,jpeg} fill-{400x225,800x450} sizes="50vw" loading="lazy" %}'
CACHED = Template("{% load wagtailimages_tags fragment_cache %}" + TAG)
WAGTAIL = Template("{% load wagtailimages_tags %}" + TAG)


def render(template, image):
    return template.render(Context({"img": image}))


def test_same_html_as_wagtail_and_a_second_render_costs_no_query(django_assert_num_queries):
    image = ImageFactory(title="片段缓存的图片", file__width=1600, file__height=900)
    first = render(CACHED, image)
    assert first == render(WAGTAIL, image) and "<picture>" in first and "片段缓存的图片" in first
    with django_assert_num_queries(0):
        assert render(CACHED, image) == first


@pytest.mark.parametrize("change", ["title", "focal_point", "file", "collection"])
def test_a_changed_image_renders_anew(change):
    from wagtail.models import Collection

    image = ImageFactory(title="旧说明", file__width=1600, file__height=900)
    before = render(CACHED, image)
    if change == "title":
        image.title = image.description = "新说明"
    elif change == "focal_point":
        image.focal_point_x, image.focal_point_y, image.focal_point_width, image.focal_point_height = 10, 10, 20, 20
    elif change == "file":
        other = ImageFactory(file__width=1200, file__height=800)
        image.file, image.width, image.height = other.file, other.width, other.height
    else:
        image.collection = Collection.get_first_root_node().add_child(name="另一个集合")
    image.save()
    image.refresh_from_db()
    after = render(CACHED, image)
    assert after == render(WAGTAIL, image)  # what Wagtail renders now, never the remembered HTML
    if change in ("title", "focal_point"):
        assert after != before
    if change == "title":
        assert "新说明" in after and "旧说明" not in after


def test_attributes_are_part_of_the_key():
    image = ImageFactory(file__width=1600, file__height=900)
    template = Template("{% load wagtailimages_tags fragment_cache %}{% picture img fill-{400x225} alt=alt %}")
    first = template.render(Context({"img": image, "alt": "第一种说明"}))
    second = template.render(Context({"img": image, "alt": "第二种说明"}))
    assert "第一种说明" in first and "第二种说明" in second
