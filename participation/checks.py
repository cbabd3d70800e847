from django.core import checks
from django.core.exceptions import ImproperlyConfigured


@checks.register(checks.Tags.security, deploy=False)
def field_encryption_key(app_configs, **kwargs):
    from participation import encryption

    try:
        encryption.fernet()
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="participation.E001")]
    return []
