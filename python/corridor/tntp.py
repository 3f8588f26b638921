"""Static user-equilibrium assignment of TNTP networks (corridor assign --tntp)."""
from . import _corridor


def assign(dir, gap=1e-4, *, algorithm="b", max_iter=10000, max_seconds=0.0, threads=0):  # noqa: A002
    """Assign the *_net.tntp / *_trips.tntp of a directory (or a *_net.tntp file).

    Returns a TntpResult: ``flow`` and ``cost`` per link (NumPy arrays, file order),
    ``init_node`` / ``term_node`` (1-based, as in the file), ``summary`` and ``log``.
    """
    return _corridor.tntp_assign(str(dir), gap=gap, algorithm=algorithm, max_iter=max_iter,
                                 max_seconds=max_seconds, threads=threads)
