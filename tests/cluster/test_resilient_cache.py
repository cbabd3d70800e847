"""cms.cache.ResilientRedisCache: Redis unreachable reads as a miss, never an error."""

from cms.cache import ResilientRedisCache


def test_unreachable_redis_is_a_miss_and_writes_are_skipped():
    cache = ResilientRedisCache("redis://127.0.0.1:9/0", {"OPTIONS": {"socket_connect_timeout": 0.2}})
    assert cache.get("key") is None
    assert cache.get("key", "fallback") == "fallback"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.set("key", "value") is None
    assert cache.add("key", "value") is False
    assert cache.delete("key") is False
    assert cache.incr("counter", 3) == 3
    assert cache.has_key("key") is False
