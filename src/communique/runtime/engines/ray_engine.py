"""The Ray engine: the pipeline's stage list as a Ray Data plan, on a Ray cluster or on this machine.

Decided here:
- **The plan** is built from ``[pipeline] stages`` (``plan_steps``). By default
  (``[engine] ray_fuse``) consecutive stages share one step, a pool of stateful actors, one per
  CPU, each loading the models once and running every stage of a batch: on this 2-core machine
  the plan of one actor step per model stage (spaCy, the encoder) with tasks for the light
  stages between them moved every article through four processes, and its driver and extra
  workers competed with the model stages for the cores (Ray ran at 0.61x the local engine on
  5,000 stories). The light stages cost ~5% of the CPU, so their own tasks bought no
  parallelism worth a hop. A step is cut only where the device changes: with a GPU, the
  encoder's stage and those after it run on GPU actors (``[engine] ray_actors_per_gpu`` per GPU,
  each with that share of it, the encoder in fp32: see ``classifier.load_encoder``).
  ``ray_fuse = false`` gives the plan of one step per model stage (an actor step) and task steps
  for the light ones between them.
- **Rows are pipeline batches**: one row per batch of ``[pipeline] batch_size`` articles,
  pickled as one blob (``ray_stages``), one block per row; the batches are the local engine's.
- **Resources** are read from ``ray.cluster_resources()`` when the plan is built: asking for a
  GPU the cluster does not have would wait for ever. No more actors than batches.
- **Order**: results come back in input order (``preserve_order``), so the driver prints,
  writes or stores them as the local engine does. The driver does nothing else but fold.
- **Knowledge**: the schedule of the local engine (``runner.KnowledgeFold``): batch ``i`` reads
  the knowledge of batches ``0 .. i - knowledge_lag - 1``. The driver folds each batch's facts
  as it comes back, in order, and publishes the snapshot to a ``KnowledgeBoard`` actor; a
  batch's actor asks the board for its snapshot and waits until it is there. No deadlock:
  Ray Data hands batches to the actors in input order (FIFO queue) and an actor runs its calls
  in that order, so the oldest unfinished batch always has its knowledge and an actor to run
  on. So both engines give the same events on any input, for any number of workers or nodes.
- **Memory**: the driver reads the input in chunks of ``[engine] ray_chunk`` articles, one plan
  run each (the actors, and their models, are made per run); the chunks do not change the
  output. Within a run, no batch more than ``lag + 1`` past the oldest unfinished one can finish.
- **Cluster**: ``address`` None starts a Ray on this machine for the run; ``"auto"`` or
  ``HOST:PORT`` joins a running cluster (``ray start --head`` / ``ray start --address``), whose
  nodes must have communique installed. Workers get one compute thread (``engines.threads``).
  A Ray started here is stopped at the end of the run (``_stop_own_ray``).
- **Tokens**: ``keep_parse=False`` (printed events, an ingest), the last step's actors send the
  articles back without their parse (``Article.drop_parse``), as the local engine's workers do.
"""

from __future__ import annotations

import logging
import time
import uuid
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from communique.core.article import Article
from communique.core.config import Settings
from communique.core.errors import PipelineError, UsageError
from communique.core.knowledge import Knowledge
from communique.runtime.engines.threads import THREAD_ENV
from communique.runtime.runner import KnowledgeFold, batches, taught

# The system config of a Ray started here for one run (``address`` None); a joined cluster keeps its
# own. Each of Ray's processes (GCS, raylet, agents, the driver, Ray Data's helper actors, the
# actors) wakes up ~150 times a second; on this 2-core machine Ray's own processes used ~12 s of
# CPU at start-up and ~0.1 s per second of the run, against ~28 ms per story of coding. What is
# switched off here nothing of a run reads: per-task event reports to the GCS (the dashboard's
# task table; ``task_events_report_interval_ms`` 0), metrics export and the event loops'
# handler statistics (no dashboard runs), and the idle workers Ray starts ahead, one per CPU,
# which a Ray Data plan never uses (its actors each get a worker of their own). Measured in
# notes/h-i14e.md; the output does not depend on it.
LOCAL_SYSTEM_CONFIG: dict[str, Any] = {
    "task_events_report_interval_ms": 0,
    "enable_metrics_collection": False,
    "metrics_report_interval_ms": 3_600_000,
    "event_stats": False,
    "enable_worker_prestart": False,
    "prestart_worker_first_driver": False,
}


# How long the driver's Ray Data scheduling loop waits for a task to finish before it looks at its
# operators again (Ray Data's ``WAIT_FOR_TASK_COMPLETION_TIMEOUT_S``, 0.1 s), on a Ray started here.
# Each look costs the driver a few milliseconds of CPU (resources, metrics, autoscaling), ~0.03 s
# per second of the run, taken from the actors' cores on a small machine; a pipeline batch takes
# seconds, and an actor holds a second batch queued while the loop waits, so a longer wait leaves no
# actor idle (measured in notes/h-i14h.md: the driver's scheduling threads 2.9 -> 1.6 s CPU per
# 2,000 stories, same events). A joined cluster keeps Ray Data's own.
LOCAL_SCHEDULING_WAIT_S = 0.5


def quiet_ray() -> None:
    """Keep Ray's info and warning lines off stderr, where communique reports rejections."""
    for name in ("ray", "ray.data"):
        logging.getLogger(name).setLevel(logging.ERROR)


@dataclass
class Step:
    """One ``map_batches`` of the plan: the stages it runs and how."""

    names: list[str]
    actor: bool
    gpu: bool = False


@dataclass
class Plan:
    """What a plan was built from: its steps and the cluster's CPUs and GPUs."""

    steps: list[Step] = field(default_factory=list)
    cpus: float = 0.0
    gpus: float = 0.0


def actor_order_args(board: Any) -> dict[str, bool]:
    """Return the remote options of the plan's actor steps: in order when a knowledge board is read.

    Ray Data lets an actor run its queued batches out of order (a batch whose input block is still
    being fetched from another node is passed by the next one). A batch that reads the board waits
    for the batches before its lag; run ahead of one of them on the same one-at-a-time actor, it
    would wait for a batch queued behind itself, for ever (seen on two one-CPU nodes). In order,
    each actor's queue rises and the lowest unfinished batch always runs. A run with a fixed
    snapshot (no board) has no such wait and keeps Ray Data's default."""
    return {} if board is None else {"allow_out_of_order_execution": False}


def plan_steps(names: list[str], actor_stages: list[str], gpus: float, gpu_stage: str = "events",
               fuse: bool = True) -> list[Step]:
    """Return the plan's steps for the stage list ``names``.

    ``fuse``: consecutive stages share one step, cut only where the device changes (the encoder's
    stage and those after it on GPU actors when the cluster has a GPU); a step is a pool of
    actors when one of its stages loads a model, else a task step. Not fused: one actor step per
    model stage, the light stages between them fused into task steps."""
    steps: list[Step] = []
    for name in names:
        model = name in actor_stages
        gpu = gpus >= 1 and name == gpu_stage
        if fuse and steps and not gpu:
            steps[-1].names.append(name)
            steps[-1].actor = steps[-1].actor or model
        elif fuse or model or not steps or steps[-1].actor:
            steps.append(Step([name], actor=model, gpu=gpu))
        else:
            steps[-1].names.append(name)
    return steps


class RayEngine:
    """Codes batches of articles on a Ray cluster; ``knowledge`` is what the run knows after the batches so far."""

    name = "ray"

    def __init__(self, settings: Settings, address: str | None = None, knowledge: Knowledge | None = None,
                 learn: bool = True, stages: list[str] | None = None, keep_parse: bool = True):
        try:
            import ray  # noqa: F401
            import ray.data  # noqa: F401
        except ImportError as e:
            raise UsageError("--engine ray needs Ray Data: pip install 'communique[ray]' "
                             f"(or 'ray[data]'): {e}", code="E208") from None
        self.settings = settings
        self.address = address
        self.names = list(stages if stages is not None else settings["pipeline"]["stages"])
        self.batch_size = settings["pipeline"]["batch_size"]
        cfg = settings["engine"]
        self.chunk = max(1, int(cfg["ray_chunk"]))
        self.actor_stages = list(cfg["ray_actor_stages"])
        self.actors_per_gpu = max(1, int(cfg["ray_actors_per_gpu"]))
        self.fuse = bool(cfg["ray_fuse"])
        self.fold = KnowledgeFold(knowledge, cfg["knowledge_lag"], learn)
        self.keep_parse = keep_parse  # False: the last step sends articles back without tokens (Article.drop_parse)
        self.plan: Plan | None = None
        self._own_ray = False  # this engine started the Ray it runs on (no address): it stops it at the end
        self._saved_wait: float | None = None  # Ray Data's scheduling wait, while this engine's is set
        # When the run's start-up steps began and ended (time.perf_counter(): ray_init_begin,
        # ray_init_end, plan_begin), the first of each: benchmarks/engines.py reports them.
        self.phases: dict[str, float] = {}
        self._check_stages()

    @property
    def knowledge(self) -> Knowledge:
        return self.fold.final()

    def _check_stages(self) -> None:
        """Refuse a stage list the pipeline would refuse (E201-E207), before any cluster work."""
        from communique.runtime.pipeline import check_order, load_object

        class Declared:  # the stage's declaration only: its models stay unloaded
            def __init__(self, name: str, factory: Any):
                self.name = getattr(factory, "name", name)
                self.requires = list(getattr(factory, "requires", []))
                self.assigns = list(getattr(factory, "assigns", []))

        declared = []
        for n in self.names:
            target = self.settings["stages"].get(n)
            if target is None:
                raise PipelineError(f"Unknown stage '{n}' in [pipeline] stages. Registered stages: "
                                    f"{', '.join(sorted(self.settings['stages']))}.", code="E201")
            declared.append(Declared(n, load_object(target, f"Stage '{n}'")))
        check_order(declared)

    def begin(self, knowledge: Knowledge) -> None:
        """Start the next run from ``knowledge`` (an ingest: the store's registry)."""
        self.fold = KnowledgeFold(knowledge, self.fold.lag, self.fold.learn)

    def run(self, articles: Iterable[Article]) -> Iterator[Article]:
        """Yield every article coded, in input order."""
        for batch in self.code_batches(batches(articles, self.batch_size)):
            yield from batch

    def code_batches(self, stream: Iterable[list[Article]]) -> Iterator[list[Article]]:
        """Yield each batch of ``stream`` coded, in input order, a chunk of ``ray_chunk`` articles per plan run."""
        chunk: list[list[Article]] = []
        size = 0
        start = 0
        board = None  # started with the first chunk that has articles to code
        try:
            for batch in stream:
                chunk.append(batch)
                size += len(batch)
                if size >= self.chunk:
                    board = board or self._board()
                    yield from self._code_chunk(chunk, start, board)
                    start += len(chunk)
                    chunk, size = [], 0
            if chunk:
                if size:
                    board = board or self._board()
                yield from self._code_chunk(chunk, start, board)
        finally:
            if board is not None:
                import ray

                ray.kill(board)
            self._stop_own_ray()

    def _board(self) -> Any:
        """Return the run's knowledge board (an actor), or None when the run does not learn."""
        if not self.fold.learn:
            return None
        ray = self.connect()
        from communique.runtime.engines.ray_stages import KnowledgeBoard

        version, knowledge = self.fold.for_batch(0)
        self._published = version
        return ray.remote(KnowledgeBoard).options(num_cpus=0).remote(self.fold.lag, version, knowledge)

    def _code_chunk(self, chunk: list[list[Article]], start: int, board: Any) -> Iterator[list[Article]]:
        """Yield the batches ``chunk`` (batch indices ``start ..``) coded by one run of the plan, in input order."""
        coded = self._execute(chunk, start, board) if any(chunk) else iter([[] for _ in chunk])
        for index in range(start, start + len(chunk)):
            out = next(coded)
            self.fold.done(index, taught(out))
            if board is not None:
                # What batches reading the first index + 1 batches need, published before this batch is
                # handed on, so that a slow consumer (an ingest storing) does not hold the actors up.
                version, knowledge = self.fold.for_batch(index + 1 + self.fold.lag)
                board.publish.remote(index + 1, version, knowledge if version != self._published else None)
                self._published = version
            yield out

    def connect(self) -> Any:
        """Return the ray module, connected to the cluster (started here when no address was given)."""
        import ray

        if not ray.is_initialized():
            import os

            os.environ.setdefault("RAY_BACKEND_LOG_LEVEL", "error")  # Ray's C++ lines on stderr
            env = dict(THREAD_ENV)
            if self.address is None:
                # A Ray started here runs this very communique, wherever it was imported from
                # (a checkout on sys.path, not only an installed package).
                import communique

                here = str(Path(communique.__file__).resolve().parents[1])
                env["PYTHONPATH"] = os.pathsep.join(p for p in (here, os.environ.get("PYTHONPATH")) if p)
            extra = {"_system_config": LOCAL_SYSTEM_CONFIG} if self.address is None else {}
            self.phases.setdefault("ray_init_begin", time.perf_counter())
            try:
                ray.init(address=self.address, runtime_env={"env_vars": env},
                         include_dashboard=False, log_to_driver=False, logging_level="ERROR", **extra)
            except (ConnectionError, ValueError, RuntimeError) as e:
                raise UsageError(f"--address: cannot reach a Ray cluster at '{self.address}': {e}. Start one "
                                 "with `ray start --head`, or leave --address out to run Ray on this machine.",
                                 code="E005") from None
            self._own_ray = self.address is None
            self.phases.setdefault("ray_init_end", time.perf_counter())
        return ray

    def _stop_own_ray(self) -> None:
        """Stop the Ray this engine started for the run (a joined cluster is left as it is).

        Stopped here, at the end of the run, rather than by Ray's exit hook, which first sleeps
        half a second for log lines that a run here does not print (``log_to_driver=False``)."""
        self._scheduling_wait(None)
        if self._own_ray:
            import ray

            self._own_ray = False
            if ray.is_initialized():
                ray.shutdown()

    def _scheduling_wait(self, seconds: float | None) -> None:
        """Set Ray Data's scheduling wait to ``seconds`` (on a Ray started here), or put its own back (None)."""
        try:
            from ray.data._internal.execution import streaming_executor_state as state
        except ImportError:
            return
        name = "WAIT_FOR_TASK_COMPLETION_TIMEOUT_S"
        if not isinstance(getattr(state, name, None), (int, float)):
            return  # another Ray Data: leave it as it is
        if seconds is None:
            if self._saved_wait is not None:
                setattr(state, name, self._saved_wait)
                self._saved_wait = None
        elif self._own_ray:
            if self._saved_wait is None:
                self._saved_wait = getattr(state, name)
            setattr(state, name, seconds)

    def build(self, n_batches: int, board: Any = None) -> tuple[Any, Plan]:
        """Return a function from the input rows to the plan's Dataset, and the plan (decided now, from the
        cluster's resources)."""
        ray = self.connect()
        res = ray.cluster_resources()
        plan = Plan(plan_steps(self.names, self.actor_stages, res.get("GPU", 0.0), fuse=self.fuse),
                    res.get("CPU", 1.0), res.get("GPU", 0.0))
        self.plan = plan
        return self._steps_fn(plan, n_batches, board), plan

    def _steps_fn(self, plan: Plan, n_batches: int, board: Any) -> Any:
        from ray.data import ActorPoolStrategy, TaskPoolStrategy

        from communique.runtime.engines.ray_stages import StageGroup, run_group

        knowledge = self.fold.knowledge if board is None else None
        lag = self.fold.lag
        run = uuid.uuid4().hex
        gpu_actors = max(1, int(plan.gpus * self.actors_per_gpu))
        if self.fuse:
            # A worker per CPU, each running its stages whole; the GPU actors, when there are any,
            # leave one CPU per GPU to themselves. No more workers than batches (each loads the models).
            per = 1.0
            widest = max(1, min(n_batches, int(plan.cpus - (plan.gpus if any(s.gpu for s in plan.steps) else 0))))
        else:
            # Each step asks for 1 / steps of a CPU per worker and may grow to one worker per CPU.
            per = 1.0 / max(1, len(plan.steps))
            widest = max(1, int(plan.cpus))

        order = actor_order_args(board)

        def apply(ds: Any) -> Any:
            for k, step in enumerate(plan.steps):
                args = {"settings": self.settings, "names": step.names, "knowledge": knowledge, "board": board,
                        "lag": lag, "keep_parse": self.keep_parse or k < len(plan.steps) - 1}
                if step.gpu:
                    args["settings"] = self.settings.with_overrides({"events": {"encoder_device": "cuda"}})
                    ds = ds.map_batches(StageGroup, fn_constructor_kwargs=args, batch_size=1, batch_format="numpy",
                                        compute=ActorPoolStrategy(min_size=1, max_size=gpu_actors),
                                        num_cpus=min(per, 1.0 / self.actors_per_gpu),
                                        num_gpus=1.0 / self.actors_per_gpu, **order)
                elif step.actor:
                    size = (widest, widest) if self.fuse else (1, widest)
                    ds = ds.map_batches(StageGroup, fn_constructor_kwargs=args, batch_size=1, batch_format="numpy",
                                        compute=ActorPoolStrategy(min_size=size[0], max_size=size[1]), num_cpus=per,
                                        **order)
                else:
                    ds = ds.map_batches(run_group, fn_kwargs={**args, "run": f"{run}-{k}"}, batch_size=1,
                                        batch_format="numpy", compute=TaskPoolStrategy(size=widest), num_cpus=per)
            return ds

        return apply

    def _execute(self, chunk: list[list[Article]], start: int, board: Any) -> Iterator[list[Article]]:
        """Yield the batches of ``chunk`` coded by one run of the plan, in input order."""
        import ray.data

        from communique.runtime.engines.ray_stages import pack, unpack

        quiet_ray()
        apply, _ = self.build(sum(1 for b in chunk if b), board)
        ctx = ray.data.DataContext.get_current()
        ctx.execution_options.preserve_order = True
        ctx.enable_progress_bars = False
        ctx.print_on_execution_start = False
        # Ray Data's per-task memory metric: a thread per task polling the actor's memory each second
        # (what the local engine's workers report is their peak, from the kernel, at no cost).
        ctx.memory_usage_poll_interval_s = None
        self._scheduling_wait(LOCAL_SCHEDULING_WAIT_S)
        # One row per pipeline batch, one block per row: Ray Data's batches are the pipeline's.
        self.phases.setdefault("plan_begin", time.perf_counter())
        rows = [{"i": start + k, "blob": pack(b)} for k, b in enumerate(chunk)]
        ds = apply(ray.data.from_items(rows, override_num_blocks=len(rows)))
        del rows
        expected = start
        with warnings.catch_warnings():
            # Ray Data's advice on its own settings (a step with fewer blocks than workers, ...).
            warnings.filterwarnings("ignore", category=UserWarning, module=r"ray\..*")
            warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"ray\..*")
            # No prefetching: Ray Data's prefetcher holds back the blocks it has until it can fill its
            # window, and a batch waiting for the knowledge of the ones it holds would wait for ever.
            for batch in ds.iter_batches(batch_size=None, batch_format="numpy", prefetch_batches=0):
                for i, blob in zip(batch["i"], batch["blob"], strict=True):
                    if int(i) != expected:
                        raise PipelineError(f"the Ray engine returned batch {int(i)} where {expected} was due.",
                                            code="E205")
                    expected += 1
                    yield unpack(blob)
        if expected != start + len(chunk):
            raise PipelineError(f"the Ray engine returned {expected - start} batches for {len(chunk)}.", code="E205")
