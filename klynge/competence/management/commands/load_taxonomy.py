from django.core.management.base import BaseCommand

from klynge.competence.taxonomy import DATA_FILE, taxonomy_load


class Command(BaseCommand):
    help = "Load the competence taxonomy (categories, competences, synonyms) from its data file."

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(DATA_FILE))

    def handle(self, *args, file: str, **options):
        categories, competences = taxonomy_load(path=file)
        self.stdout.write(f"Taxonomy: {categories} categories, {competences} competences.")
