//! The chain's token: its symbol and decimals, from the node's `system_properties`, for
//! showing and reading amounts the way the chain's own wallets do.

use subxt::backend::legacy::rpc_methods::SystemProperties;

/// Decimals when a chain does not say (Substrate's default for a dev chain's UNIT).
const DEFAULT_DECIMALS: u8 = 12;

/// A token's symbol and decimals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// E.g. `DOT`, `UNIT`.
    pub symbol: String,
    /// How many decimal places one token has in planck (the smallest unit).
    pub decimals: u8,
}

impl Default for Token {
    fn default() -> Self {
        Self {
            symbol: "UNIT".into(),
            decimals: DEFAULT_DECIMALS,
        }
    }
}

impl Token {
    /// From `system_properties` (`tokenSymbol`, `tokenDecimals`; each a value or a list whose
    /// first entry is the native token); the defaults where missing.
    pub fn from_properties(props: &SystemProperties) -> Self {
        fn first(v: Option<&serde_json::Value>) -> Option<&serde_json::Value> {
            match v? {
                serde_json::Value::Array(items) => items.first(),
                other => Some(other),
            }
        }
        let default = Self::default();
        Self {
            symbol: first(props.get("tokenSymbol"))
                .and_then(|v| v.as_str())
                .map(str::to_string)
                .unwrap_or(default.symbol),
            decimals: first(props.get("tokenDecimals"))
                .and_then(|v| v.as_u64())
                .and_then(|d| u8::try_from(d).ok())
                .filter(|d| *d <= 38)
                .unwrap_or(default.decimals),
        }
    }

    /// `planck` as a decimal amount with the symbol: `1.5 UNIT`, `0.000000001 DOT`.
    pub fn format(&self, planck: u128) -> String {
        let unit = 10u128.pow(u32::from(self.decimals));
        let whole = planck / unit;
        let frac = planck % unit;
        if frac == 0 {
            return format!("{whole} {}", self.symbol);
        }
        let digits = format!("{frac:0width$}", width = usize::from(self.decimals));
        format!("{whole}.{} {}", digits.trim_end_matches('0'), self.symbol)
    }

    /// An amount typed by a person (`1.5`, `2`, `0.001`; an optional trailing symbol) in planck.
    pub fn parse(&self, text: &str) -> Result<u128, String> {
        let text = text.trim();
        let number = text
            .strip_suffix(self.symbol.as_str())
            .map(str::trim_end)
            .unwrap_or(text);
        let (whole, frac) = number.split_once('.').unwrap_or((number, ""));
        // Zeros past the last digit change nothing: `1.5000000000000` is 1.5.
        let frac = if frac.len() > usize::from(self.decimals) {
            frac.trim_end_matches('0')
        } else {
            frac
        };
        let digits_only = |s: &str| s.chars().all(|c| c.is_ascii_digit());
        if whole.is_empty() && frac.is_empty() || !digits_only(whole) || !digits_only(frac) {
            return Err(format!("{text:?} is not an amount (e.g. 1.5)"));
        }
        if frac.len() > usize::from(self.decimals) {
            return Err(format!(
                "{text:?} has more than {} decimals, the most {} has",
                self.decimals, self.symbol
            ));
        }
        let too_large = || format!("{text:?} is too large");
        let unit = 10u128.pow(u32::from(self.decimals));
        let whole: u128 = if whole.is_empty() {
            0
        } else {
            whole.parse().map_err(|_| too_large())?
        };
        let frac_planck: u128 = if frac.is_empty() {
            0
        } else {
            let scale = 10u128.pow(u32::from(self.decimals) - frac.len() as u32);
            frac.parse::<u128>().map_err(|_| too_large())? * scale
        };
        whole
            .checked_mul(unit)
            .and_then(|w| w.checked_add(frac_planck))
            .ok_or_else(too_large)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn props(json: serde_json::Value) -> SystemProperties {
        json.as_object().cloned().unwrap()
    }

    #[test]
    fn properties_in_both_shapes_works() {
        let dot = Token::from_properties(&props(
            serde_json::json!({"tokenSymbol": "DOT", "tokenDecimals": 10, "ss58Format": 0}),
        ));
        assert_eq!((dot.symbol.as_str(), dot.decimals), ("DOT", 10));
        let multi = Token::from_properties(&props(
            serde_json::json!({"tokenSymbol": ["KAR", "KUSD"], "tokenDecimals": [12, 12]}),
        ));
        assert_eq!((multi.symbol.as_str(), multi.decimals), ("KAR", 12));
        assert_eq!(
            Token::from_properties(&props(serde_json::json!({}))),
            Token::default()
        );
    }

    #[test]
    fn format_works() {
        let unit = Token::default();
        assert_eq!(unit.format(0), "0 UNIT");
        assert_eq!(unit.format(1_500_000_000_000), "1.5 UNIT");
        assert_eq!(unit.format(1), "0.000000000001 UNIT");
        let dot = Token {
            symbol: "DOT".into(),
            decimals: 10,
        };
        assert_eq!(dot.format(12_345_000_000), "1.2345 DOT");
    }

    #[test]
    fn parse_works() {
        let unit = Token::default();
        assert_eq!(unit.parse("1.5").unwrap(), 1_500_000_000_000);
        assert_eq!(unit.parse("2").unwrap(), 2_000_000_000_000);
        assert_eq!(unit.parse(".001").unwrap(), 1_000_000_000);
        assert_eq!(unit.parse("3 UNIT").unwrap(), 3_000_000_000_000);
        assert_eq!(unit.parse("0.000000000001").unwrap(), 1);
        assert_eq!(unit.parse("1.5000000000000000").unwrap(), 1_500_000_000_000);
        for amount in [1u128, 1_500_000_000_000, 42_000_000_000_123] {
            let shown = unit.format(amount);
            assert_eq!(unit.parse(&shown).unwrap(), amount, "{shown}");
        }
    }

    #[test]
    fn parse_rejects_what_is_not_an_amount_fails() {
        let unit = Token::default();
        for bad in [
            "",
            ".",
            "1.2.3",
            "-1",
            "1e3",
            "abc",
            "0.0000000000001",
            "1 DOT",
        ] {
            assert!(unit.parse(bad).is_err(), "{bad:?}");
        }
        assert!(unit.parse("999999999999999999999999999999999").is_err());
    }
}
