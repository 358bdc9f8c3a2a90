"""A kernel started ahead of its job: the notebook's modules imported, no name bound,
the project root as working folder, and gone once stopped."""

from jupyter_core.utils import run_sync

from kpitools.pipeline import kernels
from kpitools.pipeline.kernels import start_kernel, take_kernel, warm_up


async def _run(client, code):
    msg_id = client.execute(code)
    text = []
    while True:
        msg = await client.get_iopub_msg(timeout=60)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "stream":
            text.append(msg["content"]["text"])
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return "".join(text)


def test_a_kernel_started_ahead_is_a_fresh_kernel_with_the_modules_imported(tmp_path):
    kernel = start_kernel(str(tmp_path))
    client = kernel.manager.client()
    client.start_channels()
    try:
        run_sync(client.wait_for_ready)(timeout=60)
        out = run_sync(_run)(
            client,
            "import os, sys\n"
            "print('kpitools' in dir(), 'kpitools.render.appendix' in sys.modules,\n"
            "      'matplotlib' in sys.modules, 'docx' in sys.modules, os.getcwd())",
        )
    finally:
        client.stop_channels()
        kernel.stop(log_to=tmp_path / "kernel.log")
    # Neither matplotlib (charts come from the cache) nor python-docx (no Word is written).
    assert out.split() == ["False", "True", "False", "False", str(tmp_path)]
    assert not run_sync(kernel.manager.is_alive)()
    assert (tmp_path / "kernel.log").exists()


def test_a_kernel_started_for_another_folder_is_stopped_not_used(tmp_path):
    for name in ("one", "two"):
        (tmp_path / name).mkdir()
    warm_up(str(tmp_path / "one"))
    waiting = list(kernels._ahead)
    assert len(waiting) == 1
    assert take_kernel(str(tmp_path / "two")) is None
    assert not run_sync(waiting[0].manager.is_alive)()
    assert kernels._ahead == []
