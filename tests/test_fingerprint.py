"""The pipeline's version hash is the same in every process of one installation, wherever it was started from:
the backlist's re-render keys and the build cache depend on it (a serial run from the project folder and a
cluster's workers must agree)."""

import subprocess
import sys

from pipeline.fingerprint import PROJECT

ASK = "from pipeline.fingerprint import code_version; print(code_version())"


def _version_from(folder) -> str:
    done = subprocess.run([sys.executable, "-c", f"import sys; sys.path.insert(0, {str(PROJECT)!r}); {ASK}"],
                          cwd=folder, capture_output=True, text=True, timeout=120, check=True)
    return done.stdout.strip()


def test_the_version_does_not_depend_on_the_folder_a_process_starts_in(tmp_path) -> None:
    from_project, from_elsewhere = _version_from(PROJECT), _version_from(tmp_path)
    assert len(from_project) == 64
    assert from_project == from_elsewhere
