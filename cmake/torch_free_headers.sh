#!/bin/sh
# Compiler launcher of tastelab_check_torch_free_headers: runs the compile with -H (the include tree on stderr) and
# fails when a header of the translation unit pulls in ATen, c10 or torch, printing the chain that does. Other
# diagnostics pass through unchanged.
tree="$("$@" -H 2>&1 >/dev/null)"
status=$?
printf '%s\n' "$tree" | awk '
    /^Multiple include guards may be useful for:/ { guards = 1 }
    guards || NF == 0 { next }
    /^\.+ / {
        depth = index($0, " ") - 1
        path = substr($0, depth + 2)
        stack[depth] = path
        if (path ~ /\/(ATen|c10|torch)\// && !(stack[1] in reported)) {
            reported[stack[1]] = 1
            bad = 1
            rule = "keep ATen, c10 and torch out of the headers that moc reads (torch-free types in public headers)"
            printf "error: %s pulls in the LibTorch header %s; %s:\n", stack[1], path, rule
            indent = "    "
            for (i = 1; i <= depth; ++i) {
                print indent stack[i]
                indent = indent "  "
            }
        }
        next
    }
    { print }
    END { exit bad }
' >&2
found=$?
if [ "$status" -ne 0 ]; then exit "$status"; fi
if [ "$found" -ne 0 ]; then
    # No object file may stay behind: the build tool would take it for a passed check next time.
    output=""
    previous=""
    for argument in "$@"; do
        if [ "$previous" = "-o" ]; then output="$argument"; fi
        previous="$argument"
    done
    if [ -n "$output" ]; then rm -f "$output"; fi
fi
exit "$found"
