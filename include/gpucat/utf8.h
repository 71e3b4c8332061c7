// Strict UTF-8: validation, decoding to code points, encoding one code point.
//
// "Well-formed" is RFC 3629 / Unicode's definition, the same as nlohmann::json's
// UTF-8 check: no overlong forms, no surrogates (U+D800..U+DFFF), nothing above
// U+10FFFF, no truncated or stray continuation bytes.
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace gpucat {

// True when `s` is well-formed UTF-8. On failure `*bad_offset` (if given) is
// the offset of the lead byte of the first ill-formed sequence.
bool IsValidUtf8(std::string_view s, size_t* bad_offset = nullptr);

// Appends the code points of `s` to `out`; false when `s` is not well-formed
// (`out` then holds the code points decoded before the first bad sequence).
bool DecodeUtf8(std::string_view s, std::u32string& out);

// Appends `c` encoded as UTF-8 (1 to 4 bytes). `c` must be at most U+10FFFF;
// it is not checked for being a surrogate.
void AppendUtf8(std::string& out, char32_t c);

}  // namespace gpucat
