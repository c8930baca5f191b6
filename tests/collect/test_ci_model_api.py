"""Model APIs called from CI scripts are agents: what counts as a call and what does not."""

from __future__ import annotations

import pytest

from aipolicy.collect.ci_model_api import command_start, model_api_calls


@pytest.mark.parametrize(
    "script",
    [
        'curl -sS https://api.openai.com/v1/chat/completions -d "$BODY"',
        'curl https://api.anthropic.com/v1/messages -H "x-api-key: $KEY" -d @req.json',
        "curl -s \\\n  -H 'Content-Type: application/json' \\\n"
        "  https://generativelanguage.googleapis.com/v1beta/models/gemini-2.0-flash:generateContent",
        'wget -qO- --post-data "$P" https://api.mistral.ai/v1/chat/completions',
        "http POST https://openrouter.ai/api/v1/chat/completions model=x",
        "Invoke-RestMethod -Uri https://res.openai.azure.com/openai/deployments/d -Method Post",
        'RESULT=$(curl -s https://models.github.ai/inference/chat/completions -d "$Q")',
        "curl https://bedrock-runtime.us-east-1.amazonaws.com/model/x/invoke",
    ],
)
def test_http_clients_calling_a_model_api_are_found(script: str) -> None:
    assert list(model_api_calls(script)) == [0]


@pytest.mark.parametrize(
    "script",
    [
        'echo "docs: https://api.openai.com/v1"',
        "grep -r api.anthropic.com docs/",
        "curl https://api.openai.com.evil.example/v1",
        "curl https://status.openai.com/api/v2/status.json",
        "export OPENAI_BASE_URL=https://api.openai.com/v1",
    ],
)
def test_mentions_and_other_hosts_are_not_calls(script: str) -> None:
    assert list(model_api_calls(script)) == []


def test_one_call_per_command_and_the_start_of_a_continued_command() -> None:
    script = (
        "set -e\n"
        "curl -s https://api.openai.com/v1/a \\\n"
        "  -d @a.json https://api.openai.com/v1/b\n"
        "curl -s https://api.anthropic.com/v1/messages\n"
    )
    second = script.index("curl -s https://api.anthropic")
    assert list(model_api_calls(script)) == [7, second]
    assert command_start(script, script.index("-d @a.json")) == 7
