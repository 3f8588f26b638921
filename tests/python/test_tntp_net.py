import heapq
import os
import random
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import corridor

# Two identical parallel routes 1 -> 3 -> 2 and 1 -> 4 -> 2 with BPR congestion: the user
# equilibrium splits the 1000 trips evenly (500 each), whatever the algorithm.
NET = textwrap.dedent("""\
    <NUMBER OF ZONES> 2
    <NUMBER OF NODES> 4
    <FIRST THRU NODE> 3
    <NUMBER OF LINKS> 4
    <END OF METADATA>
    ~ init term capacity length fft b power speed toll type ;
    1 3 500 1 10 0.15 4 0 0 1 ;
    3 2 500 1 10 0.15 4 0 0 1 ;
    1 4 500 1 10 0.15 4 0 0 1 ;
    4 2 500 1 10 0.15 4 0 0 1 ;
    """)
TRIPS = textwrap.dedent("""\
    <NUMBER OF ZONES> 2
    <TOTAL OD FLOW> 1000
    <END OF METADATA>
    Origin 1
    2 : 1000 ;
    Origin 2
    """)


def write_tntp(d):
    d.mkdir(exist_ok=True)
    (d / "Two_net.tntp").write_text(NET)
    (d / "Two_trips.tntp").write_text(TRIPS)
    return d


def test_tntp_assign_even_split(tmp_path):
    d = write_tntp(tmp_path / "two")
    r = corridor.tntp.assign(str(d), gap=1e-6)
    assert isinstance(r.flow, np.ndarray) and r.flow.shape == (4,)
    assert r.flow == pytest.approx([500, 500, 500, 500], abs=1e-3)
    assert list(r.init_node) == [1, 3, 1, 4]
    # BPR at x = capacity: 10 * (1 + 0.15) per link.
    assert r.cost == pytest.approx([11.5] * 4, rel=1e-4)
    assert r.summary.relative_gap <= 1e-6 and r.summary.converged
    df = r.to_pandas()
    assert list(df.columns) == ["init_node", "term_node", "flow_veh_per_h", "cost_min"]
    assert len(r.log["relative_gap"]) == r.summary.iterations + 1


def test_tntp_errors(tmp_path):
    with pytest.raises(corridor.Error) as e:
        corridor.tntp.assign(str(tmp_path / "none"))
    assert e.value.code in ("io_error", "bad_request")
    d = write_tntp(tmp_path / "bad")
    (d / "Two_net.tntp").write_text(NET.replace("1 3 500", "1 3 abc"))
    with pytest.raises(corridor.Error) as e:
        corridor.tntp.assign(str(d))
    assert e.value.code == "invalid_input"
    assert any("Two_net.tntp" in x for x in e.value.details) or "Two_net.tntp" in str(e.value)
    with pytest.raises(corridor.Error) as e:
        corridor.tntp.assign(str(write_tntp(tmp_path / "ok")), gap=-1)
    assert e.value.code == "bad_request"


def test_gil_is_released_during_long_work(tmp_path):
    """The assignment reads its net file from a FIFO that only this interpreter's main thread
    writes: if the call held the GIL, the main thread could never write and it would deadlock
    (the subprocess times out)."""
    d = write_tntp(tmp_path / "fifo")
    os.remove(d / "Two_net.tntp")
    os.mkfifo(d / "Two_net.tntp")
    script = textwrap.dedent(f"""
        import threading, corridor
        out = {{}}
        t = threading.Thread(target=lambda: out.update(r=corridor.tntp.assign({str(d / "Two_net.tntp")!r}, gap=1e-6)))
        t.start()
        with open({str(d / "Two_net.tntp")!r}, "w") as f:
            f.write({NET!r})
        t.join()
        print(round(float(out["r"].flow[0]), 3))
        """)
    p = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                       env=os.environ.copy())
    assert p.returncode == 0, p.stderr
    assert float(p.stdout) == pytest.approx(500, abs=1e-3)


def dijkstra(n, arcs, s):
    adj = [[] for _ in range(n + 1)]
    for u, v, w in arcs:
        adj[u].append((v, w))
    dist = [float("inf")] * (n + 1)
    dist[s] = 0
    pq = [(0, s)]
    while pq:
        d, u = heapq.heappop(pq)
        if d > dist[u]:
            continue
        for v, w in adj[u]:
            if d + w < dist[v]:
                dist[v] = d + w
                heapq.heappush(pq, (d + w, v))
    return dist


@pytest.fixture(scope="module")
def dimacs_net(tmp_path_factory, cli):
    rng = random.Random(7)
    n = 300
    arcs = set()
    for u in range(1, n + 1):
        for _ in range(3):
            v = rng.randint(1, n)
            if v != u:
                arcs.add((u, v, rng.randint(1, 1000)))
    arcs = sorted(arcs)
    d = tmp_path_factory.mktemp("dimacs")
    gr = d / "g.gr"
    gr.write_text(f"p sp {n} {len(arcs)}\n" + "".join(f"a {u} {v} {w}\n" for u, v, w in arcs))
    cli("import", "dimacs", str(gr), "-o", str(d / "g.cnet"))
    return str(d / "g.cnet"), n, arcs


def test_net_route_and_table_against_dijkstra(dimacs_net):
    path, n, arcs = dimacs_net
    net = corridor.Net.open(path)
    assert net.num_nodes == n and net.num_links == len(arcs)
    sources, targets = [1, 17, 99, 250], [2, 50, 123, 299, 300]
    m = net.table(sources, targets)
    assert isinstance(m, np.ndarray) and m.shape == (4, 5)
    for i, s in enumerate(sources):
        dist = dijkstra(n, arcs, s)
        for j, t in enumerate(targets):
            assert m[i, j] == dist[t]  # DIMACS costs are exact integers (inf: unreachable)
            if dist[t] != float("inf"):
                r = net.route(s, t)
                assert r.cost == dist[t]
                assert isinstance(r.links, np.ndarray) and r.links.dtype == np.uint32
    sq = net.table([1, 2, 3])
    assert sq.shape == (3, 3) and np.all(np.diag(sq) == 0)


def test_net_errors(dimacs_net, tmp_path):
    path, n, _ = dimacs_net
    net = corridor.Net.open(path)
    with pytest.raises(corridor.Error) as e:
        net.route(1, n + 1000)
    assert e.value.code == "unknown_place"
    bad = tmp_path / "bad.cnet"
    bad.write_bytes(b"not a cnet")
    with pytest.raises(corridor.Error) as e:
        corridor.Net.open(str(bad))
    assert e.value.code == "invalid_input"
    with pytest.raises(corridor.Error) as e:
        net.route(1.5, 2)
    assert e.value.code == "bad_request"
