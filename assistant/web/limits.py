"""Per-client rate limiting for everything that computes an answer (API and pages alike).

Built on the `limits` library (the engine under slowapi) as a FastAPI dependency, so one
mechanism covers JSON routes and HTML form routes without decorators that need a `request`
argument. A refused request gets 429 with Retry-After.
"""

from __future__ import annotations

import math
import time

from fastapi import HTTPException, Request
from limits import parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter


class RateLimit:
    def __init__(self, rule: str) -> None:
        try:
            self.item = parse(rule)
        except ValueError as exc:
            raise ValueError(
                f"ASSISTANT_RATE_LIMIT {rule!r} is not a rate such as '30/minute'"
            ) from exc
        self.strategy = MovingWindowRateLimiter(MemoryStorage())
        self.rule = rule

    def check(self, client: str) -> None:
        if self.strategy.hit(self.item, client):
            return
        reset = self.strategy.get_window_stats(self.item, client).reset_time
        retry = max(1, math.ceil(reset - time.time()))
        raise HTTPException(
            429,
            f"rate limit exceeded ({self.rule} per client); try again in {retry} s",
            headers={"Retry-After": str(retry)},
        )


def rate_limited(request: Request) -> None:
    """Dependency: count this request against its client's limit."""
    client = request.client.host if request.client else "unknown"
    request.app.state.rate_limit.check(client)
