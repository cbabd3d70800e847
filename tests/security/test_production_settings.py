"""Production settings refuse what would be unsafe, instead of starting with it."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from tests.reliability import conftest as reliability
from tests.reliability.conftest import load_production_settings


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"SECRET_KEY": "x"}, "SECRET_KEY"),
        ({"SECRET_KEY": "short-but-random-Jq8Z1"}, "SECRET_KEY"),
        ({"SECRET_KEY": "ab" * 30}, "SECRET_KEY"),
        ({"SECRET_KEY": "django-insecure-" + "k3y-qz9" * 8}, "SECRET_KEY"),
        ({"ALLOWED_HOSTS": "*"}, "ALLOWED_HOSTS"),
        ({"ALLOWED_HOSTS": "example.com,*"}, "ALLOWED_HOSTS"),
        ({"BASE_URL": ""}, "BASE_URL"),
        ({"BASE_URL": "example.com"}, "BASE_URL"),
        ({"BASE_URL": "ftp://example.com"}, "BASE_URL"),
        ({"BASE_URL": "https://"}, "BASE_URL"),
        ({"BASE_URL": "https://example.com/sub?x=1"}, "BASE_URL"),
    ],
)
def test_production_refuses_unsafe_values(changes, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        load_production_settings(changes)


def test_production_without_base_url_does_not_fall_back_to_localhost(monkeypatch):
    monkeypatch.delenv("BASE_URL", raising=False)
    env = {key: value for key, value in reliability.PRODUCTION_ENV.items() if key != "BASE_URL"}
    monkeypatch.setattr(reliability, "PRODUCTION_ENV", env)
    with pytest.raises(ImproperlyConfigured, match="BASE_URL"):
        load_production_settings()


def test_production_accepts_a_sound_configuration():
    module = load_production_settings({"BASE_URL": "https://zlkm.example.com/"})
    assert module.BASE_URL == "https://zlkm.example.com"
    assert module.WAGTAILADMIN_BASE_URL == "https://zlkm.example.com"
    assert "*" not in module.ALLOWED_HOSTS
    assert len(module.SECRET_KEY) >= 50
