from knowledge.search.hybrid import fuse


def test_reciprocal_rank_fusion_rewards_agreement() -> None:
    fused = fuse({"a": [("X", "1"), ("X", "2")], "b": [("X", "2"), ("X", "3")]}, {"a": 1.0, "b": 1.0}, k=60)
    assert max(fused, key=lambda s: fused[s]) == ("X", "2")
    assert fused[("X", "1")] == 1 / 61


def test_weights_scale_a_signal_and_zero_removes_it() -> None:
    fused = fuse({"a": [("X", "1")], "b": [("X", "2")]}, {"a": 2.0, "b": 0.0}, k=60)
    assert fused == {("X", "1"): 2 / 61, ("X", "2"): 0.0}
