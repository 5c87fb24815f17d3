from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _

# Third-party apps whose admin sections would show English names (django-axes,
# django-otp and django-tasks ship no Chinese): the names our admins read instead.
THIRD_PARTY_NAMES = {
    "axes": (
        _("登录锁定"),
        {
            "accessattempt": (_("登录失败记录"), _("登录失败记录")),
            "accessfailurelog": (_("登录失败日志"), _("登录失败日志")),
            "accesslog": (_("登录日志"), _("登录日志")),
            "accessattemptexpiration": (_("锁定到期时间"), _("锁定到期时间")),
        },
    ),
    "otp_totp": (
        _("动态口令"),
        {"totpdevice": (_("动态口令设备"), _("动态口令设备"))},
    ),
    "django_tasks_database": (
        _("后台任务"),
        {"dbtaskresult": (_("任务执行记录"), _("任务执行记录"))},
    ),
}


class WebConfig(AppConfig):
    name = "wenming.web"
    verbose_name = _("门户")

    def ready(self) -> None:
        from django.contrib import admin  # noqa: PLC0415  (admin imports models: ready only now)

        for label, (app_name, models) in THIRD_PARTY_NAMES.items():
            config = apps.app_configs.get(label)
            if config is None:
                continue
            config.verbose_name = app_name
            for model_name, (singular, plural) in models.items():
                try:
                    meta = config.get_model(model_name)._meta
                except LookupError:
                    continue
                meta.verbose_name, meta.verbose_name_plural = singular, plural
        admin.site.site_header = _("文明创建管理平台 · 后台维护")
        admin.site.site_title = _("后台维护")
        admin.site.index_title = _("数据维护")
