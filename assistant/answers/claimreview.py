"""schema.org ClaimReview: how fact-checkers publish a verdict so that search engines and
Google's Fact Check Explorer can read it (https://schema.org/ClaimReview).

Built from a checked claim's result; who made the claim, and when, come from the checked claim
in the register when the input matched one of its public wordings, or from the caller (the
article a claim was found in).
"""

from __future__ import annotations

from typing import Any

from .models import VERDICT_LABELS, Result

#: the organisation that publishes the reviews (the explainers use the same name)
PUBLISHER = "Faktasjekk integrering"
#: verdicts on a scale from false to true; not_enough_evidence has a name but no place on it
RATINGS = {"contradicted": 1, "partly_supported": 2, "supported": 3}


def claim_review(
    result: Result,
    *,
    url: str,
    date_published: str,
    claim_author: str | None = None,
    claim_date: str | None = None,
    appearance: str | None = None,
) -> dict[str, Any]:
    """The ClaimReview JSON-LD object for a checked claim (``result.mode == "claim"``)."""
    if result.mode != "claim" or result.verdict is None:
        raise ValueError("a ClaimReview describes a checked claim, not an answered question")
    lang = result.language
    rating: dict[str, Any] = {
        "@type": "Rating",
        "alternateName": VERDICT_LABELS[result.verdict][lang],
    }
    if result.verdict in RATINGS and result.checkable:
        rating.update(
            ratingValue=RATINGS[result.verdict],
            bestRating=max(RATINGS.values()),
            worstRating=min(RATINGS.values()),
        )
    item: dict[str, Any] = {"@type": "Claim"}
    if claim_author:
        item["author"] = {"@type": "Organization", "name": claim_author}
    if claim_date:
        item["datePublished"] = claim_date
    if appearance:
        item["appearance"] = {"@type": "CreativeWork", "url": appearance}
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": result.input,
        "datePublished": date_published,
        "inLanguage": lang,
        "author": {"@type": "Organization", "name": PUBLISHER},
        "reviewRating": rating,
        "itemReviewed": item,
    }
    if result.reason:
        review["reviewBody"] = result.reason
    return review
