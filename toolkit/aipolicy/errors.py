"""The one exception hierarchy: every error a user can cause says what to do next.

The CLI catches :class:`AipolicyError` once, prints :meth:`AipolicyError.diagnostics`
and exits with :attr:`AipolicyError.exit_code`. Library code never prints or exits.
"""

from __future__ import annotations

EXIT_PASS = 0
EXIT_POLICY_FAILED = 1
EXIT_USAGE = 2
EXIT_EVALUATION = 3


class AipolicyError(Exception):
    """Base of every error aipolicy raises on purpose."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def diagnostics(self) -> str:
        """One paragraph for the user: what went wrong and how to fix it."""
        return f"{self.message}\n{self.hint}" if self.hint else self.message


class UsageError(AipolicyError):
    """A command-line argument is wrong (path missing, options conflict)."""


class ConfigError(AipolicyError):
    """Org data, a repository manifest or a policy directory is invalid."""


class OpaNotFoundError(AipolicyError):
    """The pinned ``opa`` binary is needed (to compile Rego or run tests) but absent."""


class PolicyBuildError(AipolicyError):
    """Rego did not compile, or needs a host builtin aipolicy does not provide."""


class EvaluationError(AipolicyError):
    """The policy could not be evaluated to a complete decision (fail closed)."""

    exit_code = EXIT_EVALUATION


class RepositoryError(AipolicyError):
    """The repository under check could not be read."""

    exit_code = EXIT_EVALUATION
