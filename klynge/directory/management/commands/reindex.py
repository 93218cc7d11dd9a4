import sys
import time

from django.core.management.base import BaseCommand
from tqdm import tqdm

from klynge.core.pagecache import content_changed
from klynge.directory import documents
from klynge.directory.models import Company, CompanySkill, Person, PersonSkill

BATCH = 500


class Command(BaseCommand):
    help = "Rebuild the search index of every person and company (and map skills to competences)."

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, no_progress: bool, **options):
        started = time.perf_counter()
        documents.remap_skills(PersonSkill)
        documents.remap_skills(CompanySkill)
        stored = 0
        refreshers = ((Person, documents.refresh_people), (Company, documents.refresh_companies))
        for model, refresh in refreshers:
            ids = list(model.objects.order_by("pk").values_list("pk", flat=True))
            hide = no_progress or not sys.stderr.isatty()
            name = str(model._meta.verbose_name_plural).title()
            with tqdm(total=len(ids), desc=name, file=sys.stderr, disable=hide) as bar:
                for start in range(0, len(ids), BATCH):
                    chunk = ids[start : start + BATCH]
                    stored += refresh(chunk)
                    bar.update(len(chunk))
        content_changed()  # demo data and restores are written straight to the tables
        seconds = time.perf_counter() - started
        self.stdout.write(f"Reindexed: {stored} documents in {seconds:.1f} s.")
