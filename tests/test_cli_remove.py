"""`rag remove` on an index another process is writing: it says it is waiting, then removes."""
import threading
import time

from click.testing import CliRunner

from rag.cli import cli
from rag.index import Index


def test_remove_says_it_is_waiting_for_a_busy_index(tmp_path, pdf_factory):
    index_dir = str(tmp_path / "index")
    args = ["--index", index_dir, "--set", "embedder.model=fake", "--set", "index.lock_timeout_s=10"]
    path = pdf_factory("h.pdf", ["Parking permits cost 90 dollars per semester."])
    assert CliRunner().invoke(cli, args + ["ingest", str(path)]).exit_code == 0
    held = threading.Event()

    def writer():
        with Index(index_dir).writing():
            held.set()
            time.sleep(0.5)

    thread = threading.Thread(target=writer)
    thread.start()
    held.wait(10)
    result = CliRunner().invoke(cli, args + ["remove", "h.pdf"])
    thread.join()
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("rag: waiting for another rag process")
    assert result.stdout.startswith("removed h.pdf")
