"""Which files an import reads under the paths it is given, what the archive calls each, and
how many articles they hold at most (for its progress). `importing` reads them."""

import codecs
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

from libya_archive.archive.formats import MULTI_RECORD, format_of
from libya_archive.archive.parsing import file_records

MAX_FILE_BYTES = 5 * 1024 * 1024


def readable_name(name: str) -> str:
    """A file's name as text that can be stored and printed. The bytes of a name that are not
    UTF-8 (which Python keeps as lone surrogates) are read as Windows-1256, in which every
    byte is a character, as older Windows tools write Arabic names (خبر.txt): stored as it
    came, such a name had stopped the import of every file of its batch."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", _AS_WINDOWS_1256)
    return name


def _as_windows_1256(error: UnicodeDecodeError) -> tuple[str, int]:
    return error.object[error.start : error.end].decode("cp1256"), error.end


_AS_WINDOWS_1256 = "libya_archive.windows_1256"
codecs.register_error(_AS_WINDOWS_1256, _as_windows_1256)


def file_names(files: list[Path]) -> dict[Path, str]:
    """The files of one import that share their name with another of its files (rss.xml in
    a folder a site, as `readable_name` reads it), each with a name of its own: its name
    after the folders that tell it from the others (site1/rss.xml), so that one does not
    update the other's articles."""
    by_name: dict[str, list[Path]] = defaultdict(list)
    for path in dict.fromkeys(files):
        by_name[readable_name(path.name)].append(path)
    names = {}
    for same in (paths for paths in by_name.values() if len(paths) > 1):
        depth = 2
        while len({tuple(map(readable_name, path.parts[-depth:])) for path in same}) < len(same):
            depth += 1
        names |= {path: "/".join(path.parts[-depth:]) for path in same}
    return names


def article_files(paths: Iterable[Path]) -> Iterator[Path]:
    """The files of a kind the import reads under each folder (sorted), but hidden ones and a
    saved page's assets, and each file named directly; each once, though named twice or under
    two of the folders given (a folder and its subfolder)."""
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found = (p for p in path.rglob("*") if format_of(p) and not _hidden(p, path) and p.is_file())
            files = sorted(p for p in found if not _saved_page_asset(p))
        else:
            files = [path]
        yield from _unseen(files, seen)


def _unseen(files: Iterable[Path], seen: set[Path]) -> Iterator[Path]:
    """`files` but those in `seen` (by the file itself: a.txt and /data/a.txt are one), which
    it then holds."""
    for file in files:
        if (itself := file.resolve()) not in seen:
            seen.add(itself)
            yield file


def _hidden(path: Path, folder: Path) -> bool:
    """Whether `path` is hidden in `folder` (itself or a folder it is in named with a dot): no
    article, but a system's own (.git, a Mac's ._page.txt, which holds a file's attributes)."""
    return any(part.startswith(".") for part in path.relative_to(folder).parts)


def passed_over(paths: Iterable[Path]) -> Counter:
    """How many files under the folders among `paths` are of no kind the import reads, by
    suffix ("" for none), for the command to say so: a folder of .odt files imported
    nothing without a word. Hidden files and folders (.DS_Store, .git) and a saved page's
    assets are passed over unsaid."""
    found: Counter = Counter()
    seen: set[Path] = set()
    for folder in filter(Path.is_dir, paths):
        files = (path for path in folder.rglob("*") if not format_of(path) and not _hidden(path, folder) and path.is_file())
        for path in _unseen(files, seen):
            if not _saved_page_asset(path):
                found[path.suffix.lower()] += 1
    return found


def _saved_page_asset(path: Path) -> bool:
    """Whether `path` is in the folder a browser saves a page's images and scripts in, beside
    the page ("Save page as…, complete": page_files/ next to page.html): its logos and icons
    are no articles to read by OCR."""
    for folder in path.parents:
        if folder.name.endswith("_files"):
            stem = folder.name.removesuffix("_files")
            if (folder.parent / f"{stem}.html").exists() or (folder.parent / f"{stem}.htm").exists():
                return True
    return False


def count_articles(paths: Iterable[Path]) -> int:
    """How many articles `paths` hold at most, for an import's progress: a file one, a .jsonl
    file one a line, a feed one an entry, a web archive one an HTML page (read from the
    records' headers, without their pages)."""
    total = 0
    for path in article_files(paths):
        kind = format_of(path)
        if kind not in MULTI_RECORD:
            total += 1
            continue
        try:
            with path.open("rb") as stream:
                if kind == "jsonl":
                    total += sum(1 for line in stream if line.strip())
                elif kind == "warc":
                    from libya_archive.archive.formats.warc import count_pages

                    total += count_pages(stream)
                else:
                    total += sum(1 for _ in file_records(path, MAX_FILE_BYTES))
        except Exception:  # any fault is reported when the file is imported: the count only guides the progress
            total += 1
    return total
