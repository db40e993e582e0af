"""Load a demo newsroom: accounts, one piece and its claims in every workflow status.

The piece is the desk's own summary of an agency explainer on foreign fighters
in the war in Ukraine; each claim is stated in our words and links to the
source. Every status change goes through `claims.workflow`, as in production.
"""

import datetime
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import CommandError
from django.db import transaction
from django.test.utils import override_settings

from claims import editing, workflow
from claims.management.commands._options import DeskCommand
from claims.models import Piece, Rating
from claims.roles import EDITORS, FACT_CHECKERS

SOURCE_URL = "https://www.afp.com/en"
PIECE_SLUG = "foreign-fighters-in-the-war-in-ukraine"

PIECE_BODY = """\
This is the desk's own summary of an agency explainer about foreign nationals who fight on both sides of the war in Ukraine. It restates the explainer's claims for demonstration.

Ukraine's president, Volodymyr Zelenskyy, stated that upwards of 150 Chinese citizens were serving in the Russian army. He added that Russia recruited Chinese fighters with adverts on TikTok and other social networks.

Ukraine, Western governments and South Korea say North Korea sent over 10,000 troops to Russia's Kursk region after Ukraine's cross-border incursion in August 2024. Ukraine reported capturing two injured North Korean soldiers.

In March 2022 Ukraine reported that more than 20,000 foreigners had applied to join its International Legion. Russia's Interior Ministry reported granting citizenship to 3,300 foreign nationals who served in its military during 2024.

India and Bangladesh have complained that Russian recruiters tricked or pressured their citizens into joining the army. Russia treats foreigners who fight for Ukraine as mercenaries, a crime carrying prison terms under Russian law. Central Asian media report that Russia has recruited hundreds of people from former Soviet states.
"""

EVIDENCE = {
    "chinese": [
        dict(
            url="https://www.president.gov.ua/en/news",
            title="Statements of the President of Ukraine",
            publisher="Office of the President of Ukraine",
            stance="context",
            note="The president's published remarks give the figure without a breakdown.",
            archived_url="https://web.archive.org/web/2025/https://www.president.gov.ua/en/news",
        ),
        dict(
            url="https://www.fmprc.gov.cn/eng/",
            title="Foreign ministry press conferences",
            publisher="Ministry of Foreign Affairs of China",
            stance="refutes",
            note="Beijing rejected the suggestion that it was involved.",
        ),
    ],
    "korea": [
        dict(
            url="https://www.nis.go.kr/EN/main.do",
            title="Briefings to the National Assembly",
            publisher="National Intelligence Service (South Korea)",
            stance="supports",
            note="South Korean intelligence estimated the deployment at more than 10,000 troops.",
        ),
        dict(
            url="https://www.defense.gov/News/",
            title="Pentagon press briefings",
            publisher="US Department of Defense",
            stance="supports",
            note="US officials gave a figure of roughly 10,000 to 12,000 soldiers.",
        ),
    ],
    "legion": [
        dict(
            url="https://ildu.com.ua/en",
            title="International Legion recruitment pages",
            publisher="International Legion of Defence of Ukraine",
            stance="context",
            note="The recruitment site does not publish the number of applicants.",
        ),
    ],
    "citizenship": [
        dict(
            url="https://en.mvd.ru/",
            title="Interior Ministry statements",
            publisher="Ministry of Internal Affairs of Russia",
            stance="supports",
            note="The ministry's year-end figures on citizenship for foreign servicemen.",
        ),
    ],
    "ex_soviet": [
        dict(
            url="https://www.rferl.org/",
            title="Regional reporting on recruitment",
            publisher="Radio Free Europe/Radio Liberty",
            stance="context",
            note="Reports name recruits from several Central Asian states.",
        ),
    ],
}

CLAIMS = [
    # key, the claim's span in our summary (its context: our words, not the claimant's), statement, claimant, said on
    (
        "chinese",
        "upwards of 150 Chinese citizens were serving in the Russian army",
        "More than 150 Chinese nationals are fighting in Russia's army against Ukraine.",
        "Volodymyr Zelenskyy",
        datetime.date(2025, 4, 9),
    ),
    (
        "korea",
        "North Korea sent over 10,000 troops to Russia's Kursk region",
        "North Korea sent more than 10,000 soldiers to Russia's Kursk region.",
        "Ukraine, Western governments and South Korea",
        datetime.date(2024, 11, 5),
    ),
    (
        "legion",
        "more than 20,000 foreigners had applied to join its International Legion",
        "More than 20,000 foreigners wanted to join Ukraine's International Legion in March 2022.",
        "Government of Ukraine",
        datetime.date(2022, 3, 7),
    ),
    (
        "citizenship",
        "granting citizenship to 3,300 foreign nationals who served in its military",
        "Russia gave citizenship to 3,300 foreigners who served in its military in 2024.",
        "Russian Interior Ministry",
        datetime.date(2024, 11, 20),
    ),
    (
        "tiktok",
        "Russia recruited Chinese fighters with adverts on TikTok and other social networks",
        "Russia recruits Chinese fighters through TikTok and other social media adverts.",
        "Volodymyr Zelenskyy",
        datetime.date(2025, 4, 9),
    ),
    (
        "coerced",
        "Russian recruiters tricked or pressured their citizens into joining the army",
        "Russian military recruiters duped or coerced Indian and Bangladeshi citizens into fighting.",
        "Governments of India and Bangladesh",
        None,
    ),
    (
        "captured",
        "Ukraine reported capturing two injured North Korean soldiers",
        "Ukraine captured two wounded North Korean soldiers.",
        "Government of Ukraine",
        datetime.date(2025, 1, 11),
    ),
    (
        "mercenaries",
        "Russia treats foreigners who fight for Ukraine as mercenaries",
        "Under Russian law, foreigners fighting for Ukraine are mercenaries facing prison terms.",
        "Government of Russia",
        None,
    ),
    (
        "ex_soviet",
        "Russia has recruited hundreds of people from former Soviet states",
        "Russia has recruited hundreds of fighters from former Soviet countries.",
        "Media reports in Central Asia",
        None,
    ),
]

VERDICTS = {
    "chinese": (
        "unproven",
        "Ukraine's count of Chinese fighters has not been independently confirmed",
        "Kyiv gave the figure and named two captured Chinese citizens, but published no list; "
        "Beijing denied any state involvement and no independent source has verified the number.",
        "## What we checked\n\nWe compared the president's statement with the foreign ministry's "
        "reply and with what independent monitors have published.\n\n## What we found\n\n"
        "The figure comes from Ukrainian intelligence alone. **No independent count exists.**",
    ),
    "korea": (
        "true",
        "Several governments confirm a North Korean deployment above 10,000",
        "South Korean, Ukrainian and US officials each estimated more than 10,000 North Korean "
        "soldiers in the Kursk region; Pyongyang later acknowledged sending troops.",
        "## What we checked\n\nIntelligence briefings from three governments and later statements "
        "from Pyongyang and Moscow.\n\n## What we found\n\nThe estimates agree on more than 10,000 "
        "soldiers, and both governments eventually confirmed the deployment.",
    ),
    "legion": (
        "mostly-true",
        "Ukraine did report over 20,000 would-be legion recruits in 2022",
        "Ukraine announced the figure two weeks into the invasion; it counts people who applied, "
        "not those who went on to serve.",
        "The number measures interest, not service. Officials have not said how many served.",
    ),
    "citizenship": (
        "true",
        "Russia's own figures show 3,300 foreign servicemen naturalised",
        "The Interior Ministry reported the figure for 2024; it covers foreigners who served in the armed forces.",
        "We read the ministry's statement and its citation in regional outlets.",
    ),
    "ex_soviet": (
        "half-true",
        "Recruitment from ex-Soviet states is documented, the scale less so",
        "Regional media report recruits from Central Asia, but the 'hundreds' figure rests on scattered accounts.",
        "Scattered accounts, no official figure.",
    ),
}


class Command(DeskCommand):
    help = "Load the demo newsroom (accounts checker, editor, admin; one piece and its claims). Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Load even when DJANGO_DEBUG is off.")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Refusing to load demo data with DJANGO_DEBUG off; pass --force if you mean it.")
        # The demo's own workflow steps need no emails or step logs on the console.
        logging.getLogger("claims").setLevel(logging.WARNING)
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"), transaction.atomic():
            checker, editor, admin = self.accounts()
            if Piece.objects.filter(slug=PIECE_SLUG).exists():
                self.stdout.write("Demo data is already loaded; accounts checked.")
                return
            self.load(checker, editor, admin)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))

    def accounts(self):
        User = get_user_model()
        users = []
        # Full names, because the verdict pages name their author and approving editor only by one.
        for name, group, superuser, (first, last) in (
            ("checker", FACT_CHECKERS, False, ("Maya", "Keller")),
            ("editor", EDITORS, False, ("Daniel", "Osei")),
            ("admin", None, True, ("Ruth", "Adler")),
        ):
            user, created = User.objects.get_or_create(
                username=name,
                defaults={"email": f"{name}@example.org", "is_staff": True, "is_superuser": superuser},
            )
            if created:
                user.set_password(name)
            named = not user.get_full_name()  # also a demo loaded before the accounts had names gets them
            if named:
                user.first_name, user.last_name = first, last
            if created or named:
                user.save()
            if group:
                user.groups.add(Group.objects.get(name=group))
            users.append(user)
        return users

    def load(self, checker, editor, admin):
        piece = Piece.objects.create(
            title="Foreign fighters in the war in Ukraine (desk summary)",
            slug=PIECE_SLUG,
            url=SOURCE_URL,
            publisher="AFP",
            byline="AFP",
            published_on=datetime.date(2025, 4, 14),
            body=PIECE_BODY,
            may_republish=True,  # our own summary, not the agency's text
            created_by=checker,
        )
        claims = {}
        for key, span, statement, claimant, said_on in CLAIMS:
            start = PIECE_BODY.index(span)
            claims[key] = editing.create_claim(
                by=checker,
                piece=piece,
                statement=statement,
                quote="",  # we hold no verbatim words of the claimants: the page states each claim as reported
                start=start,
                end=start + len(span),
                claimant=claimant,
                said_on=said_on,
                appearance_url=SOURCE_URL,
            )

        def research(key, by=checker):
            claim = claims[key]
            workflow.assign(claim, by=editor, to=checker)
            for item in EVIDENCE[key]:
                editing.add_evidence(claim, by=by, **item)
            rating, headline, summary, explanation = VERDICTS[key]
            editing.save_verdict(
                claim,
                by=by,
                data={
                    "rating": Rating.objects.get(slug=rating),
                    "headline": headline,
                    "summary": summary,
                    "explanation": explanation,
                },
            )
            return claim

        def approve(claim):
            # As many editors as FACTCHECK_REQUIRED_APPROVALS asks for; the superuser counts as one.
            for approver in (editor, admin)[: settings.FACTCHECK_REQUIRED_APPROVALS]:
                workflow.approve(claim, by=approver)

        for key in ("chinese", "korea", "ex_soviet"):
            claim = research(key)
            workflow.submit(claim, by=checker)
            approve(claim)

        # A correction: reopened (the reason is internal), rewritten with a note for readers, approved again.
        korea = claims["korea"]
        workflow.reopen(
            korea, by=editor, reason="A reader pointed out that Pyongyang confirmed the deployment in 2025."
        )
        editing.save_verdict(
            korea,
            by=checker,
            data={
                "summary": "South Korean, Ukrainian and US officials each estimated more than 10,000 North Korean "
                "soldiers in the Kursk region; in April 2025 Pyongyang and Moscow confirmed the deployment.",
                "public_note": "We added that Pyongyang and Moscow confirmed the deployment in April 2025.",
            },
        )
        workflow.submit(korea, by=checker)
        approve(korea)

        workflow.withdraw(
            claims["ex_soviet"],
            by=editor,
            reason="The sources behind the rating could not be confirmed; a new check is under way.",
        )

        workflow.submit(research("legion"), by=checker)  # in review, written by checker
        research("citizenship")  # researching, ready to submit
        workflow.dismiss(
            claims["mercenaries"], by=editor, reason="A description of Russian law, not a disputed statement of fact."
        )
        # "tiktok", "coerced" and "captured" stay new.
