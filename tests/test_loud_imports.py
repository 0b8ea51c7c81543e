"""A module that ships inside storyline and fails to import is an error, never a stage quietly left out."""

import subprocess
import sys

import pytest

BREAK = """
import sys

class Broken:  # as if the module were missing from the installation
    def find_spec(self, name, path=None, target=None):
        if name == {module!r} or name.startswith({module!r} + "."):
            raise ModuleNotFoundError(f"{{name}} broken on purpose", name=name)

sys.meta_path.insert(0, Broken())
"""

CLI = "from storyline.cli.main import main; sys.exit(main(sys.argv[1:]))"

WEB = """
from fastapi.testclient import TestClient
from storyline.web import create_app
with TestClient(create_app(sys.argv[1])) as client:
    print(client.get("/api/stories").status_code)
"""


def run(module: str, code: str, *args: str) -> subprocess.CompletedProcess:
    script = BREAK.format(module=module) + code
    return subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, timeout=120)


def test_demo_without_the_clusterer_fails(tmp_path):
    done = run("storyline.cluster", CLI, "--db", str(tmp_path / "d.db"), "demo")
    assert done.returncode != 0
    assert "storyline.cluster broken on purpose" in done.stderr
    assert "stories" not in done.stdout


@pytest.mark.parametrize("module", ["storyline.facts", "storyline.timeline", "storyline.summarize"])
def test_web_app_without_a_stage_fails_to_start(tmp_path, module):
    done = run(module, WEB, str(tmp_path / "w.db"))
    assert done.returncode != 0 and f"{module} broken on purpose" in done.stderr
    assert "200" not in done.stdout


def test_cli_without_a_command_module_fails(tmp_path):
    done = run("storyline.cli.facts", CLI, "--help")
    assert done.returncode != 0 and "storyline.cli.facts broken on purpose" in done.stderr


def test_unbroken_demo_runs(tmp_path):
    done = run("storyline.nothing", CLI, "--db", str(tmp_path / "d.db"), "demo", "--words", "20")
    assert done.returncode == 0, done.stderr
    assert "stories" in done.stdout
