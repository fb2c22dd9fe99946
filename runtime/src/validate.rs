//! Client-side checks of what the spec declares, run before anything is sent.

use super::upload::UploadFile;

/// `minLength`/`maxLength`, in characters.
pub fn length(name: &str, value: &str, min: Option<usize>, max: Option<usize>) -> Result<(), String> {
    let length = value.chars().count();
    if let Some(min) = min.filter(|min| length < *min) {
        return Err(format!("`{name}` must be at least {min} characters long, but is {length}"));
    }
    if let Some(max) = max.filter(|max| length > *max) {
        return Err(format!("`{name}` must be at most {max} characters long, but is {length}"));
    }
    Ok(())
}

/// `minimum`/`maximum`, inclusive.
pub fn range(name: &str, value: f64, min: Option<f64>, max: Option<f64>) -> Result<(), String> {
    if let Some(min) = min.filter(|min| value < *min) {
        return Err(format!("`{name}` must be at least {min}, but is {value}"));
    }
    if let Some(max) = max.filter(|max| value > *max) {
        return Err(format!("`{name}` must be at most {max}, but is {value}"));
    }
    Ok(())
}

/// `minItems`/`maxItems`.
pub fn items(name: &str, count: usize, min: Option<usize>, max: Option<usize>) -> Result<(), String> {
    if let Some(min) = min.filter(|min| count < *min) {
        return Err(format!("`{name}` must have at least {min} items, but has {count}"));
    }
    if let Some(max) = max.filter(|max| count > *max) {
        return Err(format!("`{name}` must have at most {max} items, but has {count}"));
    }
    Ok(())
}

/// A file's size (`maxLength` on a binary field) and name extension, checked before anything is sent.
/// A stream of unknown length cannot be checked for size here.
pub fn upload(name: &str, file: &UploadFile, max_bytes: Option<u64>, extensions: &[&str]) -> Result<(), String> {
    if !extensions.is_empty() {
        let file_name = file.name().unwrap_or_default();
        let lower = file_name.to_ascii_lowercase();
        if !extensions.iter().any(|extension| lower.ends_with(&extension.to_ascii_lowercase())) {
            return Err(format!("`{name}` must be a {} file, but `{file_name}` is not", extensions.join(" or ")));
        }
    }
    let size = file.size().map_err(|error| error.to_string())?;
    if let (Some(max), Some(size)) = (max_bytes, size) {
        if size > max {
            return Err(format!("`{name}` is {size} bytes, over the API's limit of {max} bytes ({})", human(max)));
        }
    }
    Ok(())
}

fn human(bytes: u64) -> String {
    match bytes {
        bytes if bytes >= 1 << 30 && bytes % (1 << 30) == 0 => format!("{} GiB", bytes >> 30),
        bytes if bytes >= 1 << 20 && bytes % (1 << 20) == 0 => format!("{} MiB", bytes >> 20),
        bytes if bytes >= 1_000_000 && bytes % 1_000_000 == 0 => format!("{} MB", bytes / 1_000_000),
        bytes => format!("{bytes} B"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_limit_and_the_value() {
        assert!(length("name", "abc", Some(1), Some(3)).is_ok());
        assert_eq!(
            length("name", "", Some(1), None).unwrap_err(),
            "`name` must be at least 1 characters long, but is 0"
        );
        assert_eq!(range("ttl", 30.0, Some(60.0), Some(3600.0)).unwrap_err(), "`ttl` must be at least 60, but is 30");
        assert_eq!(range("limit", 101.0, None, Some(100.0)).unwrap_err(), "`limit` must be at most 100, but is 101");
        assert_eq!(items("files", 0, Some(1), None).unwrap_err(), "`files` must have at least 1 items, but has 0");
    }
}
