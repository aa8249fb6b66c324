"""The Ray engine: the pipeline's stage list as a Ray Data plan, on a Ray cluster or on this machine.

Decided here:
- **The plan** is built from ``[pipeline] stages``: each stage that loads a model
  (``[engine] ray_actor_stages``: spaCy, the sentence encoder) is a pool of stateful actors
  (``map_batches`` with a class, models loaded once per actor); the stages between them are
  fused into one task step each (``map_batches`` with a function). Batches are the pipeline's
  ``batch_size`` articles; an article travels pickled (``ray_stages``).
- **Resources** are read from ``ray.cluster_resources()`` when the plan is built: asking for a
  GPU the cluster does not have would wait for ever. With a GPU, the encoder's stage runs on
  GPU actors (``[engine] ray_actors_per_gpu`` per GPU, each with that share of it, the encoder
  in fp32: see ``classifier.load_encoder``); without one, on CPU actors like the others. Each
  step asks for ``1 / steps`` of a CPU per worker and may grow to one worker per CPU, so the
  steps together can use every CPU of the cluster without one starving another.
- **Order**: results come back in input order (``preserve_order``), so the driver prints,
  writes or stores them as the local engine does.
- **Knowledge**: the driver cuts the input into chunks of ``[engine] ray_chunk`` articles, one
  plan run each; every batch of a chunk reads the knowledge the chunk started with, and the
  driver folds the chunk's facts, in input order, before the next one. Up to the local engine's
  lag (``knowledge_lag`` batches) both read the same knowledge, so they code the same events.
- **Cluster**: ``address`` None starts a Ray on this machine for the run; ``"auto"`` or
  ``HOST:PORT`` joins a running cluster (``ray start --head`` / ``ray start --address``), whose
  nodes must have communique installed. Workers get one compute thread (``engines.threads``).
"""

from __future__ import annotations

import logging
import math
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
from communique.runtime.runner import batches, taught


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


def plan_steps(names: list[str], actor_stages: list[str], gpus: float, gpu_stage: str = "events") -> list[Step]:
    """Return the plan's steps: one per model stage (on GPU when there is one and it is the encoder's), the
    light stages between them fused."""
    steps: list[Step] = []
    for name in names:
        if name in actor_stages:
            steps.append(Step([name], actor=True, gpu=gpus >= 1 and name == gpu_stage))
        elif steps and not steps[-1].actor:
            steps[-1].names.append(name)
        else:
            steps.append(Step([name], actor=False))
    return steps


class RayEngine:
    """Codes batches of articles on a Ray cluster; ``knowledge`` is what the run knows after the chunks so far."""

    name = "ray"

    def __init__(self, settings: Settings, address: str | None = None, knowledge: Knowledge | None = None,
                 learn: bool = True, stages: list[str] | None = None):
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
        self.knowledge = knowledge or Knowledge()
        self.learn = learn
        self.plan: Plan | None = None
        self._check_stages()

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
        self.knowledge = knowledge

    def run(self, articles: Iterable[Article]) -> Iterator[Article]:
        """Yield every article coded, in input order."""
        for batch in self.code_batches(batches(articles, self.batch_size)):
            yield from batch

    def code_batches(self, stream: Iterable[list[Article]]) -> Iterator[list[Article]]:
        """Yield each batch of ``stream`` coded, in input order, a chunk of ``ray_chunk`` articles at a time."""
        chunk: list[list[Article]] = []
        size = 0
        for batch in stream:
            chunk.append(batch)
            size += len(batch)
            if size >= self.chunk:
                yield from self._code_chunk(chunk)
                chunk, size = [], 0
        if chunk:
            yield from self._code_chunk(chunk)

    def _code_chunk(self, chunk: list[list[Article]]) -> Iterator[list[Article]]:
        articles = [a for b in chunk for a in b]
        coded = self._execute(articles) if articles else iter(())
        learned = []
        for b in chunk:
            out = [next(coded) for _ in b]
            learned += taught(out)
            yield out
        if self.learn and learned:
            self.knowledge = Knowledge(self.knowledge.registry.merged(learned))

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
            try:
                ray.init(address=self.address, runtime_env={"env_vars": env},
                         include_dashboard=False, log_to_driver=False, logging_level="ERROR")
            except (ConnectionError, ValueError, RuntimeError) as e:
                raise UsageError(f"--address: cannot reach a Ray cluster at '{self.address}': {e}. Start one "
                                 "with `ray start --head`, or leave --address out to run Ray on this machine.",
                                 code="E005") from None
        return ray

    def build(self, n_articles: int) -> tuple[Any, Plan]:
        """Return a function from the input rows to the plan's Dataset, and the plan (decided now, from the
        cluster's resources)."""
        ray = self.connect()
        res = ray.cluster_resources()
        plan = Plan(plan_steps(self.names, self.actor_stages, res.get("GPU", 0.0)), res.get("CPU", 1.0),
                    res.get("GPU", 0.0))
        self.plan = plan
        return self._steps_fn(plan, n_articles), plan

    def _steps_fn(self, plan: Plan, n_articles: int) -> Any:
        from ray.data import ActorPoolStrategy, TaskPoolStrategy

        from communique.runtime.engines.ray_stages import StageGroup, run_group

        share = 1.0 / max(1, len(plan.steps))
        widest = max(1, int(plan.cpus))
        knowledge = self.knowledge
        bs = self.batch_size

        def apply(ds: Any) -> Any:
            for k, step in enumerate(plan.steps):
                settings = self.settings
                if step.gpu:
                    settings = settings.with_overrides({"events": {"encoder_device": "cuda"}})
                    n = max(1, int(plan.gpus * self.actors_per_gpu))
                    ds = ds.map_batches(StageGroup, fn_constructor_kwargs={
                        "settings": settings, "names": step.names, "knowledge": knowledge},
                        batch_size=bs, batch_format="numpy", compute=ActorPoolStrategy(min_size=1, max_size=n),
                        num_cpus=share,
                        num_gpus=1.0 / self.actors_per_gpu)
                elif step.actor:
                    ds = ds.map_batches(StageGroup, fn_constructor_kwargs={
                        "settings": settings, "names": step.names, "knowledge": knowledge},
                        batch_size=bs, batch_format="numpy", compute=ActorPoolStrategy(min_size=1, max_size=widest),
                        num_cpus=share)
                else:
                    ds = ds.map_batches(run_group, fn_kwargs={
                        "settings": settings, "names": step.names, "knowledge": knowledge, "key": f"step{k}"},
                        batch_size=bs, batch_format="numpy", compute=TaskPoolStrategy(size=widest), num_cpus=share)
            return ds

        return apply

    def _execute(self, articles: list[Article]) -> Iterator[Article]:
        """Yield ``articles`` coded by one run of the plan, in input order."""
        import ray.data

        from communique.runtime.engines.ray_stages import pack, unpack

        quiet_ray()
        apply, _ = self.build(len(articles))
        ctx = ray.data.DataContext.get_current()
        ctx.execution_options.preserve_order = True
        ctx.enable_progress_bars = False
        ctx.print_on_execution_start = False
        blobs = pack(articles)
        blocks = max(1, math.ceil(len(articles) / self.batch_size))
        ds = ray.data.from_items([{"i": k, "blob": b} for k, b in enumerate(blobs)], override_num_blocks=blocks)
        ds = apply(ds)
        expected = 0
        with warnings.catch_warnings():
            # Ray Data's advice on its own settings (a step with fewer blocks than workers, ...).
            warnings.filterwarnings("ignore", category=UserWarning, module=r"ray\..*")
            warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"ray\..*")
            for batch in ds.iter_batches(batch_size=None, batch_format="numpy", prefetch_batches=2):
                for i, a in zip(batch["i"], unpack(batch["blob"]), strict=True):
                    if int(i) != expected:
                        raise PipelineError(f"the Ray engine returned article {int(i)} where {expected} was due.",
                                            code="E205")
                    expected += 1
                    yield a
        if expected != len(articles):
            raise PipelineError(f"the Ray engine returned {expected} articles for {len(articles)}.", code="E205")
