//! The telephone numbers the help box gives: the emergency number and, where
//! the country has one, a number for urgent advice. site.yaml may set them
//! (`emergency_number`, `urgent_number`); otherwise they follow the clinic's
//! country (`clinic.country`, else the region of `language`).

use serde::Serialize;

/// The numbers the help box tells patients to call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HelpNumbers {
    /// For an emergency (999 in the UK).
    pub emergency: String,
    /// For urgent advice when the clinic is closed (111 in the UK), if the country has one.
    pub urgent: Option<String>,
    /// The country they are for (`GB`), if known: the box names places as people there do.
    pub country: Option<String>,
}

/// The usual numbers in `country` (an ISO 3166 code such as `GB`): 999 and 111
/// in the UK, 911 in the US, 112 (the emergency number across Europe and on
/// most mobile phones) anywhere else.
pub fn defaults(country: Option<&str>) -> HelpNumbers {
    let (emergency, urgent) = match country {
        Some("GB") => ("999", Some("111")),
        Some("US") => ("911", None),
        _ => ("112", None),
    };
    HelpNumbers {
        emergency: emergency.to_string(),
        urgent: urgent.map(str::to_string),
        country: country.map(str::to_string),
    }
}

/// `text` as a two-letter country code in capitals (`gb` -> `GB`; `UK`, a
/// common name for the United Kingdom, -> `GB`), or `None` if it is not one.
pub fn country_code(text: &str) -> Option<String> {
    let code = text.trim().to_ascii_uppercase();
    if code.len() != 2 || !code.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    Some(if code == "UK" { "GB".to_string() } else { code })
}

/// The region of a language tag (`en-GB` -> `GB`), if it names one.
pub fn region_of(language: &str) -> Option<String> {
    language
        .split('-')
        .skip(1)
        .find(|part| part.len() == 2)
        .and_then(country_code)
}

/// True for something a patient can dial: digits, with spaces, dashes or a leading `+`.
pub fn is_phone_number(text: &str) -> bool {
    let text = text.trim();
    let body = text.strip_prefix('+').unwrap_or(text);
    body.chars().any(|c| c.is_ascii_digit())
        && body
            .chars()
            .all(|c| c.is_ascii_digit() || c == ' ' || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_by_country() {
        assert_eq!(defaults(Some("GB")).emergency, "999");
        assert_eq!(defaults(Some("GB")).urgent.as_deref(), Some("111"));
        assert_eq!(defaults(Some("US")).emergency, "911");
        assert_eq!(defaults(Some("US")).urgent, None);
        assert_eq!(defaults(Some("FR")).emergency, "112");
        assert_eq!(defaults(None).emergency, "112");
    }

    #[test]
    fn countries_and_regions() {
        assert_eq!(country_code("gb").as_deref(), Some("GB"));
        assert_eq!(country_code("UK").as_deref(), Some("GB"));
        assert_eq!(country_code("United Kingdom"), None);
        assert_eq!(region_of("en-GB").as_deref(), Some("GB"));
        assert_eq!(region_of("en-US").as_deref(), Some("US"));
        assert_eq!(region_of("en"), None);
        assert_eq!(region_of("zh-Hant-TW").as_deref(), Some("TW"));
    }

    #[test]
    fn phone_numbers() {
        assert!(is_phone_number("999"));
        assert!(is_phone_number("+353 1 234 5678"));
        assert!(!is_phone_number("nine nine nine"));
        assert!(!is_phone_number(""));
    }
}
