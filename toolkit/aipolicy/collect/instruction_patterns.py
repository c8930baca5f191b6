"""Fixed pattern tables for the content of instruction, rule and skill files.

Used by :mod:`.instruction_content`. Each table maps a pattern name (recorded in the facts)
to a case-insensitive expression. The lists are short and fixed on purpose: every entry is
a form seen in a real attack or named in vendor or OWASP guidance, written so that what
real projects' CLAUDE.md / AGENTS.md routinely say ("run the tests", "rm -rf
node_modules", "use npm", links, code blocks) does not match.
"""

from __future__ import annotations

import re
from typing import Literal

from aipolicy.collect.instruction_scan import SHELLS, SUDO

ContentKind = Literal[
    "override",
    "role_token",
    "conceal",
    "safety_bypass",
    "destructive",
    "credential_exfil",
    "exfil_url",
    "encoded_payload",
    "network_command",
    "agent_address",
]
Table = tuple[tuple[str, re.Pattern[str]], ...]


def _table(*entries: tuple[str, str]) -> Table:
    return tuple((name, re.compile(expr, re.IGNORECASE)) for name, expr in entries)


_USER = r"(?:the\s+)?(?:users?|developers?|humans?|operators?|reviewers?|maintainers?)\b"

OVERRIDE = _table(
    (
        "ignore_previous_instructions",
        r"\b(?:ignore|disregard|forget)\s+(?:all\s+(?:of\s+)?|any\s+)?(?:the\s+|your\s+|my\s+)?"
        r"(?:previous|prior|earlier|preceding|original|system|above)\s+"
        r"(?:instructions?|prompts?|directives?|guardrails?|context)\b"
        r"|\b(?:ignore|disregard|forget)\s+(?:all|any)\s+(?:of\s+)?(?:the\s+|your\s+)?"
        r"(?:previous|prior|earlier|preceding|above|original)\s+(?:rules?|guidelines?|constraints?)\b",
    ),
    (
        "disregard_safety",
        r"\b(?:disregard|ignore|bypass|override)\s+(?:all|any|your)\s+(?:of\s+your\s+)?"
        r"(?:safety|security|content|ethical)\s+"
        r"(?:guidelines|policies|restrictions|filters|rules|guardrails)\b",
    ),
    (
        "new_identity",
        r"\byou\s+are\s+now\s+(?:a\s+|an\s+|in\s+)?(?:DAN\b|jailbroken|unrestricted|unfiltered"
        r"|uncensored|developer\s+mode|god\s*mode|free\s+(?:of|from)\s+(?:all\s+)?(?:rules|restrictions)"
        r"|no\s+longer\s+(?:bound|restricted|an?\s+AI|Claude))"
        r"|\bfrom\s+now\s+on,?\s+you\s+(?:are|will\s+be|will\s+act\s+as)\s+(?:DAN\b|jailbroken"
        r"|unrestricted|unfiltered|uncensored|no\s+longer)|\bdo\s+anything\s+now\b",
    ),
)
"""Phrases that tell a model to drop the instructions it has (prompt injection)."""

ROLE_TOKEN = _table(
    (
        "chat_template_token",
        r"<\|(?:im_start|im_end|im_sep|endoftext|endofprompt|system|user|assistant|eot_id"
        r"|eom_id|start_header_id|end_header_id|begin_of_text|end_of_text)\|>",
    ),
    ("inst_marker", r"\[/?INST\]|<</?SYS>>|<(?:start|end)_of_turn>"),
    ("end_of_sequence", r"</s>"),
    (
        "system_marker",
        r"^\s*(?:#+\s*)?\**system(?:\s+prompt)?\**\s*:\s*(?:you\s+(?:are|must|will)\b|ignore\b"
        r"|override\b|from\s+now\b|new\s+instructions?\b|forget\b|disregard\b)",
    ),
)
"""Chat-template tokens and role markers that fake the end of a turn or a system message."""

CONCEAL = _table(
    (
        "do_not_tell_user",
        rf"\b(?:do\s+not|don'?t|never)\s+(?:tell|inform|notify|alert)\s+{_USER}\s*"
        r"(?:about|that|of|what|when|if|anything)\b",
    ),
    ("without_telling_user", rf"\bwithout\s+(?:telling|informing|notifying|alerting)\s+{_USER}"),
    (
        "hide_from_user",
        r"\b(?:hide|conceal|keep)\s+(?:(?:this|these|that|the)\s+(?:changes?|commands?"
        r"|instructions?|requests?|steps?|actions?)|this|these|it|that|them)\s+"
        rf"(?:secret\s+|hidden\s+)?from\s+{_USER}",
    ),
    (
        "user_must_not_know",
        r"\b(?:users?|developers?|humans?|reviewers?)\s+(?:must|should|shall|will|need)\s+"
        r"(?:not|never)\s+(?:know|find\s+out|notice|see\s+(?:this|it)|learn|be\s+told)\b",
    ),
    (
        "never_mention_instructions",
        r"\b(?:do\s+not|don'?t|never)\s+(?:mention|reveal|disclose|acknowledge|discuss)\s+"
        r"(?:these|this|the\s+(?:above|following|hidden))\s+"
        r"(?:instructions?|rules?|directives?|steps?)\b",
    ),
    (
        "covert_action",
        r"\b(?:secretly|covertly|silently|quietly)\s+(?:send|upload|exfiltrate|transmit|post|add"
        r"|insert|inject|install|modify|download)\b",
    ),
)
"""Phrases that tell the agent to hide what it does from the person using it."""

_BROAD_SCOPE = (
    r"(?=\s*(?:[.;!:,)\n]|$|\s+(?:just|simply|and\b|for\s+(?:anything|any\s|every)"
    r"|before\s+(?:running|executing|making|doing|taking|performing|using)\s+"
    r"(?:any|anything|all|commands?|actions?|changes?|tools?|tool\s+calls?|shell))))"
)
SAFETY_BYPASS = _table(
    (
        "skip_permissions_flag",
        r"--dangerously-skip-permissions\b|--allow-dangerously-skip-permissions\b"
        r"|--dangerously-bypass-approvals-and-sandbox\b",
    ),
    ("bypass_permissions_mode", r"\bbypassPermissions\b"),
    (
        "yolo_mode",
        r"(?<![\w-])--yolo\b|--approval-mode[=\s]+[\"']?yolo\b|\bapproval_?mode\"?\s*[=:]\s*[\"']?yolo\b",
    ),
    (
        "sandbox_disabled",
        r"\bdangerouslyDisableSandbox\b|--sandbox[=\s]+[\"']?danger-full-access\b"
        r"|\bsandbox_mode\s*=\s*[\"']?danger-full-access\b",
    ),
    ("trust_all_tools", r"--trust-all-tools\b|--allow-all-tools\b"),
    (
        "never_ask_phrase",
        r"\b(?:never|don'?t|do\s+not)\s+(?:ask|wait)\s+(?:the\s+user\s+)?(?:for\s+)?(?:any\s+)?"
        rf"(?:confirmation|approval|permission)s?{_BROAD_SCOPE}"
        r"|\b(?:any|all|every|arbitrary)\s+(?:shell\s+)?(?:commands?|actions?|tools?|changes?"
        r"|operations?)\s+without\s+(?:asking|requesting|waiting\s+for|seeking)\s+"
        r"(?:the\s+user\s+)?(?:for\s+)?(?:any\s+)?(?:confirmation|approval|permission)"
        r"|\b(?:anything|everything)\s+without\s+(?:asking|requesting|waiting\s+for|seeking)\s+"
        r"(?:the\s+user\s+)?(?:for\s+)?(?:any\s+)?(?:confirmation|approval|permission)",
    ),
    (
        "auto_approve_phrase",
        r"\b(?:always|automatically)\s+(?:approve|accept|allow|grant)\s+(?:all|every|any)\s+"
        r"(?:permissions?|permission\s+requests?|requests?|tool\s+calls?|tools?|commands?"
        r"|actions?|prompts?)\b",
    ),
)
"""Flags, settings and phrases that turn off an agent's permission prompts or sandbox."""

_RECURSIVE = r"(?:-[a-z]*r[a-z]*|--recursive)"
_FLAGS = r"(?:-{1,2}[\w-]+\s+)*"
_END = r"(?=$|[\s;&|)`\"'])"
_MAIN = r"(?<![\w/.-])(?:main|master)(?![\w/.-])"
DESTRUCTIVE = _table(
    (
        "rm_rf_root_or_home",
        rf"\brm\s+{_FLAGS}{_RECURSIVE}\s+{_FLAGS}[\"']?(?:/\*?|~/?\*?|\$HOME/?\*?"
        rf"|\$\{{HOME\}}/?\*?|\$env:USERPROFILE|%USERPROFILE%)[\"']?{_END}|--no-preserve-root\b",
    ),
    (
        "git_force_push_main",
        r"\bgit\s+push\b(?=[^\n;&|]*?(?:\s--force(?:-with-lease)?(?![\w-])|\s-f\b"
        rf"|\s\+(?:main|master)\b))[^\n;&|]*?{_MAIN}",
    ),
    (
        "chmod_777_recursive",
        r"\bchmod\s+(?:-\S+\s+)*-[a-z]*R[a-z]*\s+(?:-\S+\s+)*(?:0?777|a\+rwx|ugo\+rwx)\b"
        r"|\bchmod\s+(?:0?777|a\+rwx)\s+-[a-z]*R",
    ),
    ("mkfs", r"\bmkfs(?:\.\w+)?\s+(?:-\S+\s+)*/dev/"),
    ("dd_to_device", r"\bdd\b[^\n;&|]*\bof=/dev/(?:sd|hd|vd|xvd|nvme|disk|rdisk|mmcblk)"),
    ("overwrite_device", r">\s*/dev/(?:sd[a-z]|hd[a-z]|nvme\d|disk\d|mmcblk\d)"),
    ("fork_bomb", r":\(\)\s*\{\s*:\s*\|\s*:\s*&\s*\}\s*;\s*:"),
    (
        "wipe_windows",
        r"\b(?:rd|rmdir)\s+/s\s+/q\s+[a-z]:\\?(?=$|[\s\"'])"
        r"|\bRemove-Item\b[^\n;|]*-Recurse[^\n;|]*\s[\"']?(?:[a-z]:\\|~|\$HOME|\$env:USERPROFILE)"
        r"[\"']?(?=$|\s)",
    ),
)
"""Commands that destroy a machine, a home directory or a shared branch's history."""

_CRED = (
    r"(?:(?:~|\$HOME|\$\{HOME\}|%USERPROFILE%)[/\\]\.(?:ssh|aws|gnupg|kube|docker|netrc"
    r"|git-credentials|npmrc|pypirc|config[/\\](?:gh|gcloud)|azure)\b[^\s\"'`|;&)]*"
    r"|\bid_(?:rsa|ed25519|ecdsa|dsa)\b|/etc/shadow\b"
    r"|(?<![\w./-])\.env(?:\.local|\.production|\.prod)?(?![\w.-]))"
)
_NET = (
    r"(?:\b(?:curl|wget|nc|ncat|netcat|socat|telnet|Invoke-WebRequest|Invoke-RestMethod|iwr|irm)\b)"
)
_CRED_NOUN = (
    r"(?:secrets?|credentials?|passwords?|private\s+keys?|ssh\s+keys?|api\s+keys?"
    r"|(?:access|auth|api|bearer|session|github|npm)\s+tokens?|environment\s+variables"
    r"|env\s+vars?|cookies)"
)
_EXFIL_HOST = (
    r"(?:<?https?://[^\s)<>\]\"'`]*|webhook\.site|pastebin\.com|requestbin|[\w-]+\.ngrok|"
    r"discord(?:app)?\.com/api/webhooks|hooks\.slack\.com)"
)
CREDENTIAL_EXFIL = _table(
    (
        "pipe_to_network",
        rf"\b(?:cat|head|tail|less|type|Get-Content|gc|base64|xxd|tar|zip|gzip)\b[^\n|;&]*?{_CRED}"
        rf"[^\n|;&]*\|[^\n;&]*?{_NET}"
        rf"|(?:^|[\s;&(`]|\$\()(?:printenv|env)(?:\s+-0)?\s*\|[^\n;&]*?{_NET}"
        rf"|(?:{_CRED}|\b(?:printenv|env)\b)[^\n;&|]*>\s*/dev/(?:tcp|udp)/",
    ),
    (
        "upload_flag",
        rf"{_NET}[^\n;&|]*?[=\s\"']@[\"']?{_CRED}"
        rf"|{_NET}[^\n;&|]*?(?:--post-file|--upload-file|-T|-InFile)[=\s]+[\"']?{_CRED}"
        rf"|{_NET}[^\n;&|]*?(?:\$\(|`)\s*(?:(?:cat|head|tail|base64|type)\s+[^)`\n]*?{_CRED}"
        r"|(?:printenv|env)\s*[)`])"
        rf"|\b(?:nc|ncat|netcat|socat|telnet)\b[^\n;&|]*<\s*[\"']?{_CRED}"
        rf"|\bscp\b[^\n;&|]*?{_CRED}[^\n;&|]*?\s[\w.@-]+:",
    ),
    (
        "send_phrase",
        r"\b(?:send|post|upload|exfiltrate|transmit|forward|leak)\b[^.;\n]{0,60}?"
        rf"(?:{_CRED}|\b{_CRED_NOUN}\b)[^.;\n]{{0,60}}?\b(?:to|at|into)\s+{_EXFIL_HOST}"
        r"|\b(?:read|cat|collect|gather|dump|grab|copy)\b[^.;\n]{0,60}?"
        rf"(?:{_CRED}|\b(?:private|ssh)\s+keys?\b)[^.;\n]{{0,60}}?"
        r"\b(?:send|post|upload|exfiltrate|transmit|forward)\b",
    ),
)
"""Commands and phrases that send credentials (key files, ``.env``, the environment) out."""

ENCODED_EXEC = _table(
    (
        "base64_pipe_shell",
        rf"\bbase64\s+(?:-\w+\s+)*(?:-d|-D|--decode)\b[^\n;&]*\|\s*{SUDO}(?:\S*/)?(?:{SHELLS})\b"
        rf"|\b(?:{SHELLS})\s+(?:-\S+\s+)*[\"']?(?:<\(|\$\(|`)[^\n]*?\bbase64\s+(?:-\w+\s+)*"
        r"(?:-d|-D|--decode)\b|\beval\b[^\n]*?\bbase64\s+(?:-\w+\s+)*(?:-d|-D|--decode)\b",
    ),
    (
        "decode_exec",
        r"\b(?:exec|eval)\s*\(\s*(?:base64\.b64decode|b64decode|atob|Buffer\.from|codecs\.decode"
        r"|bytes\.fromhex|zlib\.decompress)"
        r"|\b(?:iex|Invoke-Expression)\b[^\n]*FromBase64String"
        r"|FromBase64String[^\n]*\b(?:iex|Invoke-Expression)\b"
        r"|\b(?:powershell|pwsh)(?:\.exe)?\b[^\n]*?\s-(?:e|ec|enc|encodedcommand)\s+[a-z0-9+/=]{16,}",
    ),
)
"""Commands that decode a payload and run it."""

NETWORK_COMMAND = _table(
    (
        "network_command",
        rf"(?:{_NET}|\bfetch\b)[^\n]{{0,160}}?(?:https?://[^\s)<>\]\"'`]*|(?<![\d.])\d{{1,3}}(?:\.\d{{1,3}}){{3}}(?![\d.]))",
    ),
)
"""A network client given a URL or an address (judged only inside HTML comments)."""

AGENT_ADDRESS = _table(
    (
        "if_you_are_an_ai",
        r"\bif\s+you\s+are\s+(?:an?\s+)?(?:AI|LLM|large\s+language\s+model|language\s+model"
        r"|assistant|agent|coding\s+agent|Claude|Copilot|Gemini|Codex|Cursor)\b",
    ),
    (
        "agent_imperative",
        r"\b(?:AI|LLMs?|assistants?|agents?|Claude|Copilot|Cursor|Gemini|Codex|models?)\s*[:,]\s*"
        r"(?:always\s+|you\s+must\s+|please\s+)?(?:run|execute|install|send|upload|download"
        r"|delete|remove|insert|inject|exfiltrate|curl|fetch)\b",
    ),
)
"""Text that addresses the agent and tells it to act (judged only inside HTML comments)."""
