"""Shared fixtures: a fresh SQLite database per test, copied from one with the example loaded."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from roadmap.settings import configure_prefect_defaults, reset_settings

# Tests are grouped by what they exercise: unit/ (no database), integration/ (a real database, files,
# documents), e2e/ (the CLI, the web app, a browser, Prefect flows and servers). Their helpers are
# shared by module name (``from test_document import content_text``), so all three are importable.
TESTS = Path(__file__).resolve().parent
sys.path[:0] = [str(TESTS / group) for group in ("unit", "integration", "e2e")]

# Prefect reads its settings on import: keep its state out of the user's home from the start.
os.environ["PREFECT_HOME"] = tempfile.mkdtemp(prefix="roadmap-test-prefect-")
configure_prefect_defaults(Path(os.environ["PREFECT_HOME"]))

TEAM = "ayse.yilmaz@ornekkoy.bel.tr"
CONSULTANT = "danisman@katiliyoruz.example.org"
COORDINATOR = "koordinator@katiliyoruz.example.org"
SLUG = "ornekkoy"


def use_data_dir(path: Path) -> None:
    os.environ["ROADMAP_DATA_DIR"] = str(path)
    os.environ["ROADMAP_OUT_DIR"] = str(path / "out")
    os.environ.pop("ROADMAP_DATABASE_URL", None)
    os.environ.pop("ROADMAP_USER", None)
    os.environ["ROADMAP_LANGUAGE"] = "tr"
    # A LibreOffice layout pass costs ~3 s an export: only the tests of it ask for one.
    os.environ["ROADMAP_DOCUMENT_LAYOUT"] = "never"
    reset_settings()


@pytest.fixture(scope="session")
def example_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with the example municipality loaded once per test session."""
    from roadmap.devtools.example import load_example
    from roadmap.store.db import init_database

    directory = tmp_path_factory.mktemp("template")
    use_data_dir(directory)
    init_database()
    load_example()
    return directory / "roadmap.db"


# ROADMAP_TEST_BACKEND=postgres runs the tests that use ``empty_db`` and ``example`` on the
# PostgreSQL of ROADMAP_TEST_POSTGRES_URL instead (scripts/run-tests.sh does, for the service tests).
BACKEND = os.environ.get("ROADMAP_TEST_BACKEND", "sqlite")


def _postgres_url() -> str | None:
    """The test PostgreSQL's URL; each test process (pytest-xdist's gw0, gw1, …) has a database of its
    own (scripts/postgres-test-db.sh makes them), since a test empties the whole schema."""
    url = os.environ.get("ROADMAP_TEST_POSTGRES_URL")
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    return f"{url}_{worker}" if url and worker else url


def _reset_postgres(url: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def _use_postgres(tmp_path: Path) -> Iterator[None]:
    url = _postgres_url()
    if not url:
        pytest.skip("ROADMAP_TEST_BACKEND=postgres needs ROADMAP_TEST_POSTGRES_URL")
    _reset_postgres(url)
    use_data_dir(tmp_path)
    os.environ["ROADMAP_DATABASE_URL"] = url
    reset_settings()
    yield
    os.environ.pop("ROADMAP_DATABASE_URL", None)
    reset_settings()


@pytest.fixture
def empty_db(tmp_path: Path) -> Iterator[Path]:
    """A migrated, empty database of this test's own."""
    from roadmap.store.db import init_database

    if BACKEND == "postgres":
        for _ in _use_postgres(tmp_path):
            init_database()
            yield tmp_path
        return
    use_data_dir(tmp_path)
    init_database()
    yield tmp_path


@pytest.fixture
def example(tmp_path: Path, example_template: Path) -> Iterator[Path]:
    """This test's own copy of the database with Örnekköy loaded (stages 0–3 approved, 4 submitted)."""
    if BACKEND == "postgres":
        from roadmap.devtools.example import load_example
        from roadmap.store.db import init_database

        for _ in _use_postgres(tmp_path):
            init_database()
            load_example()
            yield tmp_path
        return
    shutil.copy(example_template, tmp_path / "roadmap.db")
    use_data_dir(tmp_path)
    yield tmp_path


@pytest.fixture
def postgres(tmp_path: Path) -> Iterator[str]:
    """An emptied PostgreSQL database (``ROADMAP_TEST_POSTGRES_URL``, see scripts/postgres-test-db.sh)."""
    url = _postgres_url()
    if not url:
        pytest.skip(
            "no PostgreSQL: start one with scripts/postgres-test-db.sh and set ROADMAP_TEST_POSTGRES_URL"
        )
    _reset_postgres(url)
    use_data_dir(tmp_path)
    os.environ["ROADMAP_DATABASE_URL"] = url
    reset_settings()
    yield url
    os.environ.pop("ROADMAP_DATABASE_URL", None)
    reset_settings()


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """One temporary Prefect server for all flow tests (its start-up costs ~15 s here)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(scope="session")
def s3_server() -> Iterator[str]:
    """A real S3-compatible server (moto) on a free loopback port, for this test session."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


_buckets = iter(range(1, 1_000_000))


def use_s3_store(endpoint: str, prefix: str = "roadmap") -> str:
    """Point the product at a new, empty bucket of ``endpoint``; returns its ``s3://`` location."""
    import boto3

    os.environ.update(AWS_ACCESS_KEY_ID="test", AWS_SECRET_ACCESS_KEY="test", AWS_DEFAULT_REGION="us-east-1")
    bucket = f"roadmap-test-{os.getpid()}-{next(_buckets)}"
    boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1").create_bucket(Bucket=bucket)
    os.environ["ROADMAP_FILE_STORE"] = f"s3://{bucket}/{prefix}"
    os.environ["ROADMAP_S3_ENDPOINT_URL"] = endpoint
    reset_settings()
    return os.environ["ROADMAP_FILE_STORE"]


def use_local_store() -> None:
    """The default store: a folder under the data directory."""
    for name in ("ROADMAP_FILE_STORE", "ROADMAP_S3_ENDPOINT_URL"):
        os.environ.pop(name, None)
    reset_settings()


@pytest.fixture(params=["local", "s3"])
def any_store(request: pytest.FixtureRequest) -> Iterator[str]:
    """Each test that asks for it runs twice: on the local folder store and on S3 (moto on loopback)."""
    if request.param == "s3":
        use_s3_store(request.getfixturevalue("s3_server"))
    else:
        use_local_store()
    yield request.param
    use_local_store()
