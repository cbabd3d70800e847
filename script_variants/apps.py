from django.apps import AppConfig


class ScriptVariantsConfig(AppConfig):
    name = "script_variants"
    verbose_name = "简繁转换"
