"""make backup / make restore: the archive survives a round trip through one file."""

import pytest

from libya_archive.archive.editions import current_edition
from libya_archive.archive.models import Actor, Article
from tests.conftest import database_url, manage


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_the_archive_as_it_was(seed_archive, tmp_path):
    backup = tmp_path / "archive.dump"
    env = {"DATABASE_URL": database_url()}
    before = (Article.objects.count(), Actor.objects.count(), list(Article.objects.values_list("title", flat=True)))
    manage("backup_archive", str(backup), env=env)
    assert backup.stat().st_size > 0

    Article.objects.all().delete()
    Actor.objects.get(slug="khalifa-haftar").delete()
    edition = current_edition()
    manage("backup_archive", "--restore", str(backup), env=env)
    # Pages the workers kept of the archive before the restore are stale now.
    assert current_edition() > edition

    after = (Article.objects.count(), Actor.objects.count(), list(Article.objects.values_list("title", flat=True)))
    assert after == before
    assert Actor.objects.get(slug="khalifa-haftar").mentions.count() > 0


def test_restoring_a_missing_file_says_so(tmp_path):
    result = manage("backup_archive", "--restore", str(tmp_path / "nowhere.dump"), check=False)
    assert result.returncode != 0
    assert "nowhere.dump: no such backup file" in result.stderr
