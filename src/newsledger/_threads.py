"""One BLAS thread per process.

newsledger runs its work one thread per process (analysis, ONNX Runtime included, and the single writer that
stores and links; ``--workers`` gives parallelism). numpy's BLAS would start a thread per core for each matrix
product, and on the small products newsledger computes (the attribution heads, a story's similarity and
pair-probability matrices) those threads only contend with the process's own and with the other processes:
200 news articles analysed in 51.9 CPU s and 36.1 s with OpenBLAS's two threads, 33.2 in 33.3 with one
(bench/throughput.py); storing and linking at 10,000 stored articles 3.58 -> 3.10 ms an article and 3.12 ->
2.61 ms of CPU (bench/link_scale.py's ledgers, the same 1,024 articles).
"""

from __future__ import annotations

from functools import cache

from threadpoolctl import threadpool_limits


@cache
def one_blas_thread() -> None:
    """Limit numpy's and scipy's BLAS to one thread in this process (once; the loaders of the models call it).
    scipy carries a BLAS of its own, loaded with ``scipy.linalg``: it is loaded first, since the limit holds
    only for the libraries loaded when it is set."""
    import scipy.linalg  # noqa: F401

    threadpool_limits(limits=1, user_api="blas")
