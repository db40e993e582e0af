from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Fact-checking desk"

    def ready(self):
        from claims import generations, jobs, mail  # noqa: F401 - jobs: its retry receiver; mail: its job

        generations.connect()  # every change to what the public sees bumps the page cache's generations
