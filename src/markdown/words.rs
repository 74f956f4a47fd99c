//! Counting the words of a page's prose, fast: every text event of every page passes here.

/// The number of words in `text`: exactly `text.split_whitespace().count()`, but
/// byte by byte for ASCII (decoding only the rare non-ASCII character).
pub(super) fn count_words(text: &str) -> usize {
    let bytes = text.as_bytes();
    if text.is_ascii() {
        return count_ascii_words(bytes);
    }
    let mut count = 0;
    let mut in_word = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let space = if b < 0x80 {
            i += 1;
            is_ascii_space(b)
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            i += c.len_utf8();
            c.is_whitespace()
        };
        count += usize::from(!space && !in_word);
        in_word = !space;
    }
    count
}

/// Words in ASCII text, 8 bytes at a time: a word starts at each non-space byte
/// whose previous byte (or the start of the text) is a space.
fn count_ascii_words(bytes: &[u8]) -> usize {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const fn splat(b: u8) -> u64 {
        u64::from_ne_bytes([b; 8])
    }
    // Bit 7 of each byte set where the byte is a space. Every byte is below 0x80,
    // so adding up to 0x7F never carries into the next byte.
    let spaces = |x: u64| -> u64 {
        let is_blank = !((x ^ splat(b' ')).wrapping_add(LOW7)) & HIGH;
        let from_tab = x.wrapping_add(splat(0x80 - b'\t')) & HIGH; // byte >= \t
        let past_cr = x.wrapping_add(splat(0x80 - b'\r' - 1)) & HIGH; // byte > \r
        is_blank | (from_tab & !past_cr)
    };
    let mut count = 0;
    let mut before = HIGH; // the byte before the text counts as a space (bit 63 set)
    let mut chunks = bytes.chunks_exact(8);
    let mut step = |word: [u8; 8]| {
        let space = spaces(u64::from_le_bytes(word));
        let previous = (space << 8) | (before >> 56);
        count += (previous & !space & HIGH).count_ones() as usize;
        before = space;
    };
    for chunk in &mut chunks {
        step(chunk.try_into().unwrap_or([b' '; 8]));
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut word = [b' '; 8]; // spaces after the end start no word
        word[..rest.len()].copy_from_slice(rest);
        step(word);
    }
    count
}

/// `char::is_whitespace` on an ASCII byte: space, \t, \n, vertical tab, form feed, \r.
fn is_ascii_space(b: u8) -> bool {
    const SPACES: u64 = 1 << b' ' | 1 << b'\t' | 1 << b'\n' | 1 << 0x0B | 1 << 0x0C | 1 << b'\r';
    b <= b' ' && (SPACES >> b) & 1 == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_spaces_are_chars_whitespace() {
        for b in 0..128u8 {
            assert_eq!(is_ascii_space(b), (b as char).is_whitespace(), "{b}");
        }
    }

    #[test]
    fn word_count_matches_split_whitespace() {
        for text in [
            "",
            " ",
            "one",
            "  two  words ",
            "tab\tand\nnew\x0Bline\x0Cfeed\rreturn",
            "non\u{a0}breaking and\u{2003}em\u{3000}space",
            "café naïve – 治疗 后\u{85}next",
            "\u{2028}\u{2029}\u{202f}\u{205f}\u{1680}x",
            "a",
            "\x1f\x1e !\"#$ ~\x7f",
            "\n\nlead and trail\n\n",
            "exactly8",
            "exactly8 and then some more words across several words!",
            "\t\x0b\x0c\r\n \x1c\x1d\x1e\x1f\x08\x0e",
        ] {
            assert_eq!(
                count_words(text),
                text.split_whitespace().count(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn ascii_word_count_matches_split_whitespace_on_random_text() {
        let alphabet = b"ab \t\n\r\x0b\x0c\x1c\x1f\x08\x0e!~\x7f";
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        for len in 0..200 {
            let text: String = (0..len)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    alphabet[(seed % alphabet.len() as u64) as usize] as char
                })
                .collect();
            assert_eq!(
                count_words(&text),
                text.split_whitespace().count(),
                "{text:?}"
            );
        }
    }
}
