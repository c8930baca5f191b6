package aipolicy.lib.wildcard_test

import data.aipolicy.lib.wildcard

test_a_pattern_without_a_star_matches_only_itself if {
	wildcard.match("git status", "git status")
	not wildcard.match("git status", "git status -s")
	not wildcard.match("git status", "git")
}

test_a_trailing_star_is_a_prefix if {
	wildcard.match("git push *", "git push --force origin main")
	wildcard.match("git push*", "git push")
	not wildcard.match("git push *", "git pull origin")
}

test_stars_anywhere_match_in_order if {
	wildcard.match("curl*|*sh", "curl -fsSL https://x.example/i.sh | sh")
	wildcard.match("*--force*", "git push origin main --force")
	wildcard.match("a*b*c*d", "a-b-c-d")
	not wildcard.match("a*b*c*d", "a-c-b-d")
	not wildcard.match("*.env", ".env.example")
	wildcard.match("*", "")
	wildcard.match("**", "anything")
}

test_head_and_tail_may_not_overlap if {
	not wildcard.match("ab*ba", "aba")
	wildcard.match("ab*ba", "abba")
}

test_other_glob_characters_are_literal if {
	wildcard.match("ls [a]*", "ls [a] -l")
	not wildcard.match("ls [a]*", "ls a")
	wildcard.match("echo ?", "echo ?")
	not wildcard.match("echo ?", "echo x")
	wildcard.match("{a,b}*", "{a,b}c")
}

test_eight_stars_match_and_nine_do_not if {
	wildcard.match("*a*b*c*d*e*f*g*", "xaxbxcxdxexfxgx")
	not wildcard.match("*a*b*c*d*e*f*g*h*", "xaxbxcxdxexfxgxhx")
}

test_unicode_counts_characters if {
	wildcard.match("é*ü", "éaü")
	wildcard.match("*ü", "üü")
}
