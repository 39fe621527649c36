from django.core.management.base import BaseCommand, CommandError

from libya_archive.archive import health


class Command(BaseCommand):
    help = (
        "Report what in the archive is inconsistent, a line each, and exit with status 1 if anything is: "
        "search indexes missing or invalid, re-linking requests waiting, articles analysed or linked by older "
        "rules, near-duplicate keys, sets of entities, the vocabulary, actors' and places' article counts. "
        "Large parts are checked by a random sample. With --repair, fix what it finds and check again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--repair",
            action="store_true",
            help="fix what is found: build indexes, re-link, derive every article again (as long as an "
            "import's analysis), rebuild the vocabulary, recount the entities",
        )
        parser.add_argument(
            "--sample",
            type=int,
            default=health.Scope.sample,
            help="how many articles, and actors and places of each, to check at random (default %(default)s)",
        )
        parser.add_argument(
            "--exact",
            action="store_true",
            help="check the whole vocabulary and every actor and place, not a sample (reads every article's text)",
        )

    def handle(self, *args, repair: bool, sample: int, exact: bool, **options):
        if sample < 1:
            raise CommandError("--sample must be at least 1")
        scope = health.Scope(sample=sample, exact=exact)
        reports = self.inspect(scope)
        failed = [check for check in health.CHECKS if reports[check.name].problems]
        if repair and failed:
            done = []
            for check in failed:
                # One repair may put several checks right (deriving every article again mends
                # its search text and its mentions): it runs once.
                if check.repair in done:
                    continue
                self.stdout.write(f"{check.name}: repairing, {check.repairing}")
                check.repair()
                done.append(check.repair)
            reports = self.inspect(scope)
        problems = sum(len(report.problems) for report in reports.values())
        if problems:
            advice = "" if repair else "; `manage.py check_archive --repair` repairs them"
            raise CommandError(f"the archive is inconsistent, problems found: {problems}{advice}")
        self.stdout.write("the archive is consistent")

    def inspect(self, scope: health.Scope) -> dict[str, health.Report]:
        reports = {}
        for check in health.CHECKS:
            reports[check.name] = report = check.inspect(scope)
            for problem in report.problems:
                self.stdout.write(f"{check.name}: {problem}")
            if not report.problems:
                self.stdout.write(f"{check.name}: ok ({report.looked_at})")
        return reports
