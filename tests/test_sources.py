"""The registry and the resolver: cache → mirror → URL, checksums refused, mirror never written."""

import csv
import hashlib

import pytest

from community_resolutions import sources


@pytest.fixture
def tiny_dataset(monkeypatch, tmp_path):
    """A registry of one dataset whose expected file is b'hello\\n'."""
    content = b"hello\n"
    dataset = sources.Dataset(
        id="tiny", title="A tiny test file", kind="derived", licence="test", official_url="",
        download_url="http://127.0.0.1:9/tiny.csv", mirror_path="folder/tiny.csv", filename="tiny.csv",
        sha256=hashlib.sha256(content).hexdigest(), size_bytes="6", published="2024",
        upstream_repo="x/y", upstream_commit="0" * 40, upstream_path="tiny.csv", financial_year="",
    )
    monkeypatch.setattr(sources, "registry", lambda: {"tiny": dataset})
    return content, tmp_path / "mirror", tmp_path / "cache"


def test_registry_rows_are_complete():
    registry = sources.registry()
    assert {"outcomes-2017-18-tidy", "force-year-totals", "force-year-coverage"} <= set(registry)
    official = [d for d in registry.values() if d.kind == "official"]
    assert len(official) == 13  # 12 outcomes workbooks 2014/15-2025/26 + the PFA recorded-crime ods
    for dataset in registry.values():
        assert len(dataset.sha256) == 64
        assert dataset.licence
        if dataset.kind == "derived":
            assert dataset.upstream_repo, dataset.id  # commits are as precise as the mirror's README records them


def test_mirror_used_when_cache_empty_and_nothing_written_to_it(tiny_dataset):
    content, mirror, cache = tiny_dataset
    (mirror / "folder").mkdir(parents=True)
    (mirror / "folder" / "tiny.csv").write_bytes(content)
    before = sorted(p.name for p in mirror.rglob("*"))
    assert sources.resolve("tiny", mirror=mirror, cache=cache) == mirror / "folder" / "tiny.csv"
    assert sorted(p.name for p in mirror.rglob("*")) == before


def test_cache_wins_over_mirror(tiny_dataset):
    content, mirror, cache = tiny_dataset
    (mirror / "folder").mkdir(parents=True)
    (mirror / "folder" / "tiny.csv").write_bytes(content)
    (cache / "downloads").mkdir(parents=True)
    (cache / "downloads" / "tiny.csv").write_bytes(content)
    assert sources.resolve("tiny", mirror=mirror, cache=cache) == cache / "downloads" / "tiny.csv"


def test_checksum_mismatch_is_refused_naming_the_file(tiny_dataset):
    _, mirror, cache = tiny_dataset
    (mirror / "folder").mkdir(parents=True)
    (mirror / "folder" / "tiny.csv").write_bytes(b"tampered\n")
    with pytest.raises(sources.ChecksumMismatch, match=r"tiny\.csv \(mirror\)"):
        sources.resolve("tiny", mirror=mirror, cache=cache)


def test_no_mirror_no_internet_says_what_to_download_and_where(tiny_dataset):
    _, mirror, cache = tiny_dataset
    with pytest.raises(sources.DataUnavailable) as error:
        sources.resolve("tiny", mirror=mirror, cache=cache)
    message = str(error.value)
    assert "http://127.0.0.1:9/tiny.csv" in message
    assert str(cache / "downloads" / "tiny.csv") in message
    assert "CR_DATA_MIRROR" in message
    assert not (cache / "downloads" / "tiny.csv").exists()


def test_real_mirror_files_match_the_registry(mirror):
    for dataset_id in ["outcomes-2017-18-tidy", "force-year-totals", "force-year-coverage", "recorded-crime-pfa-2017-18"]:
        path = sources.resolve(dataset_id, mirror=mirror, allow_download=False)
        assert path.is_relative_to(mirror) or "cache" in path.parts


def test_registry_agrees_with_the_mirrors_official_files_list(mirror):
    with open(mirror / "home-office/outcomes/official-files.csv", newline="") as handle:
        listed = {row["filename"]: (row["url"], row["sha256"]) for row in csv.DictReader(handle)}
    ours = {d.filename: (d.official_url, d.sha256) for d in sources.registry().values() if d.kind == "official"}
    assert ours == listed
