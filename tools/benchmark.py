"""The issue build's speed, printed (issue 14): an issue manifest -> the figures below, measured in one run.

Performance is measured here and printed, never asserted in tests:

    make bench                         # .venv/bin/python tools/benchmark.py [MANIFEST] [--articles 100] [--jobs 2]

In scratch folders (never build/) it builds the issue:
  1. cold, JOBS=N (every core): wall and CPU time, and per article its pages, the PDF engine's layouts and PDF
     writes (pagination's counting layout, its layouts with pages of another shape, the render stage's one layout
     for the proof, the final PDF and its archive copy), how many of the article's layouts decided its pages afresh
     (a float pass: the counting layout) and how many replayed the decisions of one before (pipeline/issue/
     relayout.py; the render stage's), how many made a typesetting decision the article kept, CPU per stage;
     the measuring layouts apart (small documents: the page geometry and the sides probe once a worker process, a
     landscape table's pages); the engine floor (pandoc once per manuscript, per article one layout for the final
     and archive PDFs and one for the proof and a write per PDF variant, each at the article's own layout and write
     times in this run) and the cold build's ratio to it;
  2. cold, JOBS=1: the speed-up of JOBS=N over it;
  3. again with nothing changed: wall time, stages run (none), files rewritten (none);
  4. with its first manuscript lengthened: what ran for which article, and the wall time;
  5. a synthetic issue of --articles articles made from the issue's own (copies with new ids and DOIs), cold at
     JOBS=N, in a fresh process (what the builds before it left in this one does not count): wall time, time per
     article against the issue's, and the peak memory of the build's processes.
Wall times depend on what else the machine runs (say so with them); CPU seconds and counts much less.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import resource
import shutil
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Collection
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.issue.build import build_issue  # noqa: E402
from pipeline.issue.progress import Progress  # noqa: E402
from pipeline.issue.runner import default_jobs  # noqa: E402
from pipeline.render.pdf import VARIANTS as PDF_VARIANTS  # noqa: E402

VARIANTS = len(PDF_VARIANTS)  # final, archive, proof: a write each
# The floor as issue 14 sets it: one layout for the final PDF and its archive copy, one for the proof. (The build
# writes all three from one layout, Variant.written_from, so it can beat this floor.)
LAYOUTS = 2


class Recorder(Progress):
    """Quiet; remembers which stages ran and which stood from the cache."""

    def __init__(self) -> None:
        super().__init__()
        self.ran: list[tuple[str, str]] = []  # (article, stage), in the order they ended
        self.kept: list[tuple[str, str]] = []

    def _print(self, text: str = "", end: str = "\n") -> None:
        pass

    def done(self, state, name, new, cached=False) -> None:
        (self.kept if cached else self.ran).append((state.entry.id, name))


class PeakMemory:
    """The largest total resident memory of this process and its descendants, sampled every 0.2 s."""

    def __init__(self) -> None:
        import psutil

        self.process = psutil.Process()
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        import psutil

        while not self._stop.wait(0.2):
            total = 0
            for proc in [self.process, *self.process.children(recursive=True)]:
                with contextlib.suppress(psutil.Error):
                    total += proc.memory_info().rss
            self.peak = max(self.peak, total)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _fresh_build(manifest: Path, root: Path, jobs: int, conn) -> None:
    with PeakMemory() as memory:
        _, wall, cpu = timed(manifest, root, jobs)
    conn.send((wall, cpu, memory.peak))


def in_fresh_process(manifest: Path, root: Path, jobs: int) -> tuple[float, float, int]:
    """A cold build in a process of its own: (wall, CPU seconds, peak memory of that process and its workers).
    Measured in this one, the peak would count what the builds before it left in this process."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    here, there = context.Pipe()
    process = context.Process(target=_fresh_build, args=(manifest, root, jobs, there))
    process.start()
    there.close()
    result = here.recv()
    process.join()
    return result


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(manifest: Path, root: Path, jobs: int, progress: Progress | None = None):
    progress = progress or Recorder()
    wall, cpu = time.perf_counter(), _cpu()
    build = build_issue(manifest, root, progress, jobs=jobs)
    return build, time.perf_counter() - wall, _cpu() - cpu


def pandoc_seconds(manifest: Path) -> float:
    """pandoc reading each manuscript once, as ingest runs it (CPU seconds of the pandoc processes)."""
    from pipeline.config import load_issue
    from pipeline.ingest.pandoc import read_docx

    issue = load_issue(manifest)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    for entry in issue.manifest.articles:
        read_docx(issue.file(entry.manuscript).read_bytes(), entry.manuscript)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def copy_issue(manifest: Path, folder: Path, only: Collection[str] | None = None) -> Path:
    """The issue (only the articles `only` names, when given) copied into `folder`: its manifest and the files it
    names."""
    data = yaml.safe_load(manifest.read_text(encoding="utf-8"))
    if only is not None:
        data["articles"] = [a for a in data["articles"] if a["id"] in only]
    for article in data["articles"]:
        for name in [article["manuscript"], *article["figures"]]:
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(manifest.parent / name, folder / name)
    (folder / "issue.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder / "issue.yaml"


def synthetic_issue(manifest: Path, folder: Path, count: int) -> Path:
    """`count` articles: the issue's own, again and again, each copy with its own id, manuscript number (so its own
    DOI) and files (hard links where the file system allows)."""
    data = yaml.safe_load(manifest.read_text(encoding="utf-8"))
    originals, articles = data["articles"], []
    for n in range(count):
        article = copy.deepcopy(originals[n % len(originals)])
        article["id"] = f"{n + 1:03d}-{article['id'].split('-', 1)[1]}"
        article["manuscript_number"] = f"{900000 + n}"
        article.pop("placeholder_manuscript_number", None)
        article.pop("doi", None)
        names = {}
        for name in [article["manuscript"], *article["figures"]]:
            new = f"copies/{article['id']}/{name}"
            (folder / new).parent.mkdir(parents=True, exist_ok=True)
            try:
                (folder / new).hardlink_to(manifest.parent / name)
            except OSError:
                shutil.copy(manifest.parent / name, folder / new)
            names[name] = new
        article["manuscript"] = names[article["manuscript"]]
        article["figures"] = [names[f] for f in article["figures"]]
        articles.append(article)
    data["articles"] = articles
    (folder / "issue.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder / "issue.yaml"


def lengthen(manuscript: Path, times: int = 6) -> None:
    import docx

    document = docx.Document(str(manuscript))
    longest = max(document.paragraphs, key=lambda p: len(p.text))
    for _ in range(times):
        longest._p.addnext(copy.deepcopy(longest._p))
    document.save(str(manuscript))


def per_article(build) -> None:
    kinds = ("layout layouts", "paginate layouts", "render layouts")
    print(f"{'article':<16}{'pages':>6}{'layouts':>9}{'(count':>7}{'paged':>6}{'render)':>8}{'kept':>6}{'decided':>8}"
          f"{'replayed':>9}{'writes':>7}{'cpu ingest':>11}{'enrich':>7}{'valid.':>7}{'layout':>7}{'pages':>7}"
          f"{'render':>7}{'check':>7}")
    totals: Counter[str] = Counter()
    for state in build.articles:
        m = state.measures
        pages = state.pages[1] - state.pages[0] + 1 if state.pages else 0
        layouts = [int(m.get(k, 0)) for k in kinds]
        decided = int(sum(v for k, v in m.items() if k.endswith(" passes")))
        replayed = int(sum(v for k, v in m.items() if k.endswith(" replays")))
        writes = int(sum(v for k, v in m.items() if k.endswith(" writes")))
        kept = int(sum(v for k, v in m.items() if k.endswith(" kept decisions")))
        cpu = [m.get(f"{s} cpu", 0.0) for s in ("ingest", "enrich", "validate", "layout", "paginate", "render",
                                                  "check")]
        totals.update({"pages": pages, "layouts": sum(layouts), "writes": writes, "decided": decided,
                       "replayed": replayed, "kept": kept})
        print(f"{state.entry.id:<16}{pages:>6}{sum(layouts):>9}{layouts[0]:>7}{layouts[1]:>6}{layouts[2]:>8}{kept:>6}"
              f"{decided:>8}{replayed:>9}{writes:>7}"
              + "".join(f"{c:>7.1f}" if i else f"{c:>11.1f}" for i, c in enumerate(cpu)))
    n = len(build.articles)
    print(f"{'per article':<16}{totals['pages'] / n:>6.1f}{totals['layouts'] / n:>9.2f}{'':>21}"
          f"{totals['kept'] / n:>6.2f}{totals['decided'] / n:>8.2f}{totals['replayed'] / n:>9.2f}"
          f"{totals['writes'] / n:>7.2f}")
    print(f"kept: layouts that made a typesetting decision the article kept (a float, a block moved, a round of "
          f"tables' parts, the last page's balance); the others: {(totals['layouts'] - totals['kept']) / n:.2f} "
          f"layouts per article")
    measuring = sum(int(v) for state in build.articles for k, v in state.measures.items()
                    if k.endswith((" measure layouts", " probe layouts")))
    print(f"measuring layouts (not of an article: the page geometry and sides once a worker process, landscape "
          f"tables' pages): {measuring} in all")
    relaid = sum(int(state.measures.get("paginate relayout", 0)) for state in build.articles)
    print(f"pagination: {relaid} article(s) laid out again for pages of another shape than the likely ones; the "
          f"others kept their counts; article layouts (decided + replayed) "
          f"{(totals['decided'] + totals['replayed']) / n:.2f} per article, of which decided afresh "
          f"{totals['decided'] / n:.2f}")


def engine_floor(build) -> tuple[float, float, float]:
    """The engine's part of the floor, CPU seconds: per article LAYOUTS of the article itself and VARIANTS writes, at
    its own cost in this run (the render stage's one layout, made with its real pages, and the mean of its PDF
    writes), never at a mean over other documents (the proof's cover, queries and overlay pages, the measuring
    layouts: small ones); and the mean article layout and write, for people."""
    floor = layouts = writes = 0.0
    for state in build.articles:
        m = state.measures
        layout = m.get("render layouts seconds", 0.0) / max(m.get("render layouts", 0), 1)
        write = m.get("render writes seconds", 0.0) / max(m.get("render writes", 0), 1)
        floor += LAYOUTS * layout + VARIANTS * write
        layouts += layout
        writes += write
    n = max(len(build.articles), 1)
    return floor, layouts / n, writes / n


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("manifest", type=Path, nargs="?",
                        default=ROOT / "samples" / "dir" / "vol29-issue4" / "issue.yaml")
    parser.add_argument("--jobs", type=int, default=default_jobs(), help="JOBS of the parallel builds")
    parser.add_argument("--articles", type=int, default=100, help="articles of the synthetic issue (0: none)")
    parser.add_argument("--skip-serial", action="store_true", help="leave out the JOBS=1 build")
    args = parser.parse_args(argv)
    jobs = args.jobs
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        scratch = Path(tmp)
        manifest = copy_issue(args.manifest, scratch / "issue")
        n = len(yaml.safe_load(manifest.read_text(encoding="utf-8"))["articles"])
        print(f"{n} articles, JOBS={jobs} on {default_jobs()} cores (wall times: this machine is shared, so they "
              "vary with its load; CPU seconds and counts much less)\n")

        build, wall, cpu = timed(manifest, scratch / "cold", jobs)
        print(f"1. cold build, JOBS={jobs}: {wall:.1f} s wall, {cpu:.1f} s CPU")
        per_article(build)
        engine, layout, write = engine_floor(build)
        pandoc = pandoc_seconds(manifest)
        floor = pandoc + engine
        print(f"engine floor: pandoc {pandoc:.1f} s + per article {LAYOUTS} layouts and {VARIANTS} writes at its own "
              f"cost (means {layout:.2f} s a layout, {write:.2f} s a write) = {floor:.1f} s CPU, {floor / jobs:.1f} s "
              f"on {jobs} cores")
        print(f"cold / floor: {cpu / floor:.2f} by CPU; {wall / (floor / jobs):.2f} by wall on {jobs} cores\n")

        if not args.skip_serial:
            _, serial_wall, serial_cpu = timed(manifest, scratch / "serial", 1)
            print(f"2. cold build, JOBS=1: {serial_wall:.1f} s wall, {serial_cpu:.1f} s CPU; JOBS={jobs} is "
                  f"{serial_wall / wall:.2f}x faster\n")

        files = {p: p.stat().st_mtime_ns for p in build.out.rglob("*") if p.is_file()}
        recorder = Recorder()
        _, noop_wall, noop_cpu = timed(manifest, scratch / "cold", jobs, recorder)
        rewritten = [p for p, mtime in files.items() if not p.is_file() or p.stat().st_mtime_ns != mtime]
        print(f"3. again, nothing changed: {noop_wall:.2f} s wall, {noop_cpu:.2f} s CPU; {len(recorder.ran)} stages "
              f"ran, {len(recorder.kept)} stood; {len(rewritten)} files rewritten\n")

        first = yaml.safe_load(manifest.read_text(encoding="utf-8"))["articles"][0]
        lengthen(manifest.parent / first["manuscript"])
        recorder = Recorder()
        changed, change_wall, change_cpu = timed(manifest, scratch / "cold", jobs, recorder)
        ran: dict[str, list[str]] = {}
        for article, stage in recorder.ran:
            ran.setdefault(article, []).append(stage)
        moved = sum(1 for a, b in zip(build.articles, changed.articles, strict=True) if a.pages != b.pages)
        print(f"4. {first['id']} lengthened: {change_wall:.1f} s wall, {change_cpu:.1f} s CPU; pages moved for "
              f"{moved} articles; ran:")
        for article, stages in ran.items():
            print(f"   {article:<16} {' '.join(stages)}")
        print()

        if args.articles:
            big = synthetic_issue(args.manifest, scratch / "big", args.articles)
            big_wall, big_cpu, big_peak = in_fresh_process(big, scratch / "big-build", jobs)
            linear = wall / n * args.articles
            print(f"5. {args.articles} articles, JOBS={jobs}: {big_wall:.1f} s wall ({big_wall / args.articles:.2f} s "
                  f"an article, against {wall / n:.2f} s for {n}: {big_wall / linear:.2f} of linear), {big_cpu:.1f} s "
                  f"CPU ({big_cpu / args.articles:.2f} s an article, against {cpu / n:.2f}); peak memory of the "
                  f"build's processes {big_peak / 2**20:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
