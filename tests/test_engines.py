"""The local engine: worker processes give the output of one process, in input order, with the knowledge lag."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from communique.core.article import Article
from communique.core.config import load_settings
from communique.core.errors import UsageError
from communique.core.knowledge import Knowledge
from communique.core.registry import PersonFact
from communique.runtime.engines import make_engine
from communique.runtime.engines.local import LocalEngine
from communique.runtime.runner import KnowledgeFold

from .conftest import EXAMPLES, REPO


def _settings(batch_size: int, lag: int):
    return load_settings().with_overrides({
        "pipeline": {"stages": ["teacher"], "batch_size": batch_size},
        "stages": {"teacher": "tests.engine_stages:Teacher"},
        "engine": {"knowledge_lag": lag},
    })


def _articles(n: int) -> list[Article]:
    out = []
    for k in range(n):
        text = "boom here" if k == 5 else f"teach P{k:02d} today"
        out.append(Article(text=text, date=f"2024-01-{k + 1:02d}", id=f"a{k:02d}"))
    return out


def _fact(name: str, day: int) -> PersonFact:
    return PersonFact(name, "KEN", "GOV", "minister", f"2024-01-{day:02d}", f"a{day}", "title")


def test_engines_knowledge_fold_shows_a_batch_the_batches_before_its_lag():
    fold = KnowledgeFold(Knowledge(), lag=2)
    seen = []
    for i in range(5):
        version, knowledge = fold.for_batch(i)
        seen.append(sorted(knowledge.registry.entries))
        fold.done(i, [_fact(f"P{i}", i + 1)])
    assert seen == [[], [], [], ["P0"], ["P0", "P1"]]
    assert sorted(fold.final().registry.entries) == ["P0", "P1", "P2", "P3", "P4"]


def test_engines_knowledge_fold_version_changes_only_with_the_snapshot():
    fold = KnowledgeFold(Knowledge(), lag=0)
    v0, _ = fold.for_batch(0)
    fold.done(0, [])
    v1, _ = fold.for_batch(1)
    fold.done(1, [_fact("P1", 1)])
    v2, k2 = fold.for_batch(2)
    assert v0 == v1 != v2 and "P1" in k2.registry.entries


def _run(workers: int, batch_size: int = 2, lag: int = 1, **kw) -> tuple[list[Article], LocalEngine]:
    engine = LocalEngine(_settings(batch_size, lag), workers=workers, **kw)
    return list(engine.run(_articles(13))), engine


def test_engines_two_workers_give_one_workers_output_in_input_order():
    one, _ = _run(1)
    two, engine = _run(2, code_while_starting=False)
    # waiting for the workers, this process coded nothing itself
    assert sum(engine.stats.batches_by_worker.values()) == 7 and engine.stats.batches_here == 0
    assert [a.id for a in two] == [f"a{k:02d}" for k in range(13)]
    assert [(a.id, a.contexts, a.errors) for a in two] == [(a.id, a.contexts, a.errors) for a in one]
    # batch 3 (articles 6, 7) reads batches 0 and 1 (lag 1): P00..P03
    assert two[6].contexts == ["P00", "P01", "P02", "P03"]
    # the broken article is rejected with its message; its neighbours in the batch are coded
    assert two[5].failed and "cannot teach 'boom here'" in two[5].errors[0].reason
    assert not two[4].failed and two[4].learned
    assert all(rss > 0 for rss in engine.stats.peak_rss.values())
    assert sorted(engine.knowledge.registry.entries) == [f"P{k:02d}" for k in range(13) if k != 5]


def test_engines_coding_here_while_the_workers_start_changes_nothing():
    from communique.runtime.engines.local import default_workers

    one, _ = _run(1)
    two, engine = _run(2, code_while_starting=True)
    assert [(a.id, a.contexts, a.errors) for a in two] == [(a.id, a.contexts, a.errors) for a in one]
    assert engine.stats.batches_here + sum(engine.stats.batches_by_worker.values()) == 7
    # by default this process codes only when a core is left over beside the workers
    assert LocalEngine(_settings(2, 1), workers=2).code_while_starting is (2 < default_workers())
    assert LocalEngine(_settings(2, 1), workers=default_workers()).code_while_starting is False


def test_engines_one_short_batch_starts_no_worker():
    out, engine = _run(4, batch_size=64)
    assert len(out) == 13 and engine.stats.batches_here == 1 and not engine.stats.batches_by_worker


def test_engines_lag_zero_is_the_runner():
    from communique.runtime.pipeline import Pipeline
    from communique.runtime.runner import Runner

    settings = _settings(2, 0)
    expected = [a.contexts for a in Runner(Pipeline.from_settings(settings)).run(_articles(13))]
    out, engine = _run(2, lag=0)
    assert [a.contexts for a in out] == expected and not engine.stats.batches_by_worker


def test_engines_refuse_bad_options():
    settings = load_settings()
    with pytest.raises(UsageError, match="E005 --workers: invalid value 0"):
        make_engine("local", settings, workers=0)
    with pytest.raises(UsageError, match="E005 --engine: unknown engine 'spark'"):
        make_engine("spark", settings)
    with pytest.raises(UsageError, match="E005 --address only makes sense with --engine ray"):
        make_engine("local", settings, address="auto")


def test_engines_ray_plan_fuses_the_stages_and_cuts_only_at_the_gpu():
    from communique.runtime.engines.ray_engine import plan_steps

    names = ["nlp", "actors", "places", "events", "dates", "locations"]
    models = ["nlp", "events"]

    def shape(gpus: float, fuse: bool) -> list[tuple]:
        return [(s.names, s.actor, s.gpu) for s in plan_steps(names, models, gpus, fuse=fuse)]

    assert shape(0, True) == [(names, True, False)]
    assert shape(1, True) == [(names[:3], True, False), (names[3:], True, True)]
    assert shape(0, False) == [(["nlp"], True, False), (["actors", "places"], False, False),
                               (["events"], True, False), (["dates", "locations"], False, False)]
    assert shape(2, False)[2] == (["events"], True, True)
    # a plan without a model stage is a task step
    assert [(s.names, s.actor) for s in plan_steps(["dates", "locations"], models, 0)] == [
        (["dates", "locations"], False)]


def test_engines_ray_knowledge_board_waits_for_the_batches_a_read_needs():
    import asyncio

    from communique.runtime.engines.ray_stages import KnowledgeBoard

    k0 = Knowledge()
    k2 = Knowledge(k0.registry.merged([_fact("P1", 1)]))
    k3 = Knowledge(k2.registry.merged([_fact("P2", 2)]))

    async def scenario() -> list:
        board = KnowledgeBoard(lag=1, version=0, knowledge=k0)
        seen = [await board.read(0, -1), await board.read(0, 0)]  # the first batches need nothing
        waiting = asyncio.ensure_future(board.read(2, 0))
        await board.publish(2, 1, k2)  # published before batch 1's call: not yet an unbroken run
        await asyncio.sleep(0)
        seen.append(waiting.done())
        await board.publish(1, 0, None)
        seen.append(await waiting)
        await board.publish(3, 2, k3)
        seen.append(await board.read(3, 1))
        seen.append(len(board._snapshots))  # k0 can no longer be asked for (done 3, lag 1)
        return seen

    assert asyncio.run(scenario()) == [(0, k0), (0, None), False, (1, k2), (2, k3), 2]


@pytest.mark.model
def test_engines_cli_code_examples_with_one_and_two_workers_is_identical(tmp_path):
    conf = tmp_path / "small.toml"
    conf.write_text("[pipeline]\nbatch_size = 4\n")

    def code(workers: int) -> str:
        proc = subprocess.run([sys.executable, "-m", "communique", "code", str(EXAMPLES), "--format", "jsonl",
                               "--config", str(conf), "--workers", str(workers)],
                              capture_output=True, text=True, timeout=600, cwd=REPO)
        assert proc.returncode == 0, proc.stderr
        return proc.stdout

    one, two = code(1), code(2)
    assert one == two
    assert len(one.splitlines()) > 50 and json.loads(one.splitlines()[0])["article_id"]


@pytest.mark.model
def test_engines_an_article_without_candidate_sentences_never_loads_the_encoder(tmp_path):
    article = tmp_path / "2024-03-04-weather.txt"
    article.write_text("The weather was mild for the season.\n")
    script = (
        "import sys, runpy\n"
        f"sys.argv = ['communique', 'code', {str(article)!r}, '--date', '2024-03-04', '--format', 'jsonl']\n"
        "try:\n    runpy.run_module('communique', run_name='__main__')\nexcept SystemExit as e:\n    assert not e.code\n"
        "from communique.stages.events.classifier import load_encoder\n"
        "assert load_encoder.cache_info().currsize == 0, 'the encoder was loaded'\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=600, cwd=REPO)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""


def test_engines_ingest_through_two_workers_stores_what_one_process_stores(tmp_path):
    from communique.io.store import Store
    from communique.services.ingest import ingest

    def stored(db, workers: int):
        engine = LocalEngine(_settings(2, 1), workers=workers, code_while_starting=False)
        with Store(db) as store:
            report = ingest(_articles(13), store, engine, batch_size=2)
            facts = store.con.execute("SELECT name, article_id FROM actor_facts ORDER BY ALL").fetchall()
            ids = store.known_article_ids(f"a{k:02d}" for k in range(13))
        return report, facts, ids

    one, facts_one, ids_one = stored(tmp_path / "one.duckdb", 1)
    two, facts_two, ids_two = stored(tmp_path / "two.duckdb", 2)
    assert (two.articles_read, two.articles_added, two.inputs_rejected) == (13, 12, 1)
    assert (one.articles_added, one.inputs_rejected) == (12, 1)
    assert facts_two == facts_one and len(facts_two) == 12
    assert ids_two == ids_one and "a05" not in ids_two
    assert "cannot teach 'boom here'" in two.rejected[0].reason


_ORPHAN_PARENT = """
import multiprocessing as mp, sys, time
from communique.core.config import load_settings
from communique.runtime.engines import worker

if __name__ == "__main__":
    settings = load_settings().with_overrides({"stages": {"teacher": "tests.engine_stages:Teacher"}})
    ctx = mp.get_context("spawn")
    tasks, results = ctx.Queue(), ctx.Queue()
    w = ctx.Process(target=worker.main, args=(0, settings, ["teacher"], tasks, results))
    w.start()
    assert results.get(timeout=120)[0] == "ready"
    if sys.argv[1:] == ["busy"]:  # killed while it writes a task larger than the pipe holds
        from communique.core.article import Article
        tasks.put((0, 0, None, [Article(text="word " * 4000, date="2020-01-01", id=f"a{i}") for i in range(20)]))
    print(w.pid, flush=True)
    time.sleep(600)
"""


def _running(pid: int) -> bool:
    """Return True while process ``pid`` exists and is not a zombie."""
    from pathlib import Path

    try:
        return "zombie" not in Path(f"/proc/{pid}/status").read_text().lower()
    except FileNotFoundError:
        return False


@pytest.mark.parametrize("parent_was", ["idle", "busy"])
def test_engines_a_worker_stops_when_its_parent_is_killed(tmp_path, parent_was):
    # "busy": the parent dies while the worker reads a task, or writes its result, through a pipe.
    import os
    import signal
    import time

    script = tmp_path / "parent.py"
    script.write_text(_ORPHAN_PARENT, "utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), str(REPO)])}
    args = [sys.executable, str(script), parent_was]
    with subprocess.Popen(args, stdout=subprocess.PIPE, text=True, cwd=REPO, env=env) as parent:
        try:
            pid = int(parent.stdout.readline())
            os.kill(parent.pid, signal.SIGKILL)
            parent.wait(timeout=10)
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline and _running(pid):
                time.sleep(0.2)
            alive = _running(pid)
            if alive:
                os.kill(pid, signal.SIGKILL)
            assert not alive, "the worker outlived its killed parent"
        finally:
            if parent.poll() is None:
                parent.kill()


def test_engines_keep_parse_false_hands_articles_back_without_tokens_and_the_same_otherwise():
    settings = _settings(2, 1).with_overrides({
        "pipeline": {"stages": ["parser", "teacher"]},
        "stages": {"parser": "tests.engine_stages:Parser", "teacher": "tests.engine_stages:Teacher"},
    })
    full = list(LocalEngine(settings, workers=1).run(_articles(13)))
    slim = list(LocalEngine(settings, workers=2, code_while_starting=False, keep_parse=False).run(_articles(13)))
    assert any(s.tokens for a in full for s in a.sentences)
    assert all(not s.tokens for a in slim for s in a.sentences)
    assert [{**a.to_dict(), "sentences": len(a.sentences)} for a in slim] == \
           [{**a.to_dict(), "sentences": len(a.sentences)} for a in full]


def test_engines_ray_stage_group_keep_parse_false_sends_batches_back_without_tokens():
    # What a Ray actor runs on one row of the plan (no cluster needed: a run that does not learn
    # reads no board). The coded articles are the same but for their tokens.
    pytest.importorskip("numpy")
    import numpy as np

    from communique.runtime.engines.ray_stages import StageGroup, pack, unpack

    settings = _settings(4, 1).with_overrides({
        "pipeline": {"stages": ["parser", "teacher"]},
        "stages": {"parser": "tests.engine_stages:Parser", "teacher": "tests.engine_stages:Teacher"},
    })

    def coded(keep_parse: bool) -> list[Article]:
        group = StageGroup(settings, ["parser", "teacher"], Knowledge(), keep_parse=keep_parse)
        blobs = np.empty(1, dtype=object)
        blobs[:] = [pack(_articles(4))]
        out = group({"i": np.array([0]), "blob": blobs})
        assert list(out["i"]) == [0]
        return unpack(out["blob"][0])

    import gc

    try:
        full, slim = coded(True), coded(False)
    finally:
        gc.unfreeze()  # a group freezes its process's heap, as a local worker does (core.heap)
    assert all(s.tokens for a in full for s in a.sentences)
    assert all(not s.tokens for a in slim for s in a.sentences) and len(slim) == 4
    assert [{**a.to_dict(), "sentences": len(a.sentences)} for a in slim] == \
           [{**a.to_dict(), "sentences": len(a.sentences)} for a in full]
    assert [len(a.learned) for a in slim] == [1, 1, 1, 1]


def test_engines_ray_scheduling_wait_is_set_only_on_a_ray_started_here_and_put_back():
    pytest.importorskip("ray.data")
    from ray.data._internal.execution import streaming_executor_state as state

    from communique.runtime.engines.ray_engine import LOCAL_SCHEDULING_WAIT_S, RayEngine

    own = state.WAIT_FOR_TASK_COMPLETION_TIMEOUT_S
    engine = RayEngine(_settings(2, 1))
    engine._scheduling_wait(LOCAL_SCHEDULING_WAIT_S)  # no Ray started by this engine: Ray Data's own stays
    assert state.WAIT_FOR_TASK_COMPLETION_TIMEOUT_S == own
    engine._own_ray = True
    try:
        engine._scheduling_wait(LOCAL_SCHEDULING_WAIT_S)
        assert state.WAIT_FOR_TASK_COMPLETION_TIMEOUT_S == LOCAL_SCHEDULING_WAIT_S != own
    finally:
        engine._own_ray = False
        engine._stop_own_ray()  # puts it back (and stops no Ray: none was started)
    assert state.WAIT_FOR_TASK_COMPLETION_TIMEOUT_S == own


def test_worker_freeze_heap_freezes_what_is_alive_and_still_collects_new_cycles():
    # A worker freezes its heap after its first batch (engines.worker.freeze_heap): what lives on
    # leaves the collector's sight, and garbage made afterwards is collected as before.
    import gc

    from communique.runtime.engines.worker import freeze_heap
    from tests.conftest import assert_new_cycles_collected

    try:
        freeze_heap()
        assert gc.get_freeze_count() > 0 and gc.isenabled()
        assert_new_cycles_collected()
    finally:
        gc.unfreeze()


def test_engines_ray_actor_steps_run_in_order_only_when_they_read_the_knowledge_board():
    from communique.runtime.engines.ray_engine import actor_order_args

    # a batch waiting on the board for an earlier batch must never run ahead of it on one actor
    assert actor_order_args(object()) == {"allow_out_of_order_execution": False}
    assert actor_order_args(None) == {}
