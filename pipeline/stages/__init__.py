"""Per-document stages, in the order they run.

The order matters and is fixed: header and boilerplate lines come out before
the body is examined; language is known before English-only repairs; masks are
the last stage that rewrites `text`, so their spans are final; quality reads
the finished document.
"""

from __future__ import annotations

from pipeline.recipe import Recipe, RecipeError
from pipeline.stages.apostrophe import ApostropheStage
from pipeline.stages.base import Stage
from pipeline.stages.boilerplate import BoilerplateStage
from pipeline.stages.headers import HeadersStage
from pipeline.stages.language import LanguageStage
from pipeline.stages.masks import MasksStage
from pipeline.stages.quality import QualityStage
from pipeline.stages.structure import StructureStage
from pipeline.stages.subtitle import SubtitleStage
from pipeline.stages.unicode import UnicodeStage

ORDER: tuple[type[Stage], ...] = (
    UnicodeStage,
    HeadersStage,
    BoilerplateStage,
    SubtitleStage,
    StructureStage,
    LanguageStage,
    ApostropheStage,
    MasksStage,
    QualityStage,
)


def build_stages(recipe: Recipe) -> list[Stage]:
    """The enabled stages, configured from the recipe's `[stages.<name>]` tables."""
    known = {cls.name for cls in ORDER}
    unknown = set(recipe.stages) - known
    if unknown:
        raise RecipeError(f"unknown stage(s) in recipe: {', '.join(sorted(unknown))}; known: {', '.join(sorted(known))}")
    stages = []
    for cls in ORDER:
        options = recipe.stage_options(cls.name)
        if options.get("enabled", True):
            try:
                stages.append(cls(**options))
            except (TypeError, ValueError) as exc:
                raise RecipeError(str(exc)) from exc
    return stages
