//! Types generated from a `build.rs` (see `build.rs`): `store::Item` holds `common::Tag`,
//! which `store` takes from `common` instead of generating it again, and a derive and
//! documentation aliases are added to chosen items.

/// The shared shapes.
pub mod common {
    include!(concat!(env!("OUT_DIR"), "/common.rs"));
}

/// The store's shapes; its `Tag` is `crate::common::Tag`.
pub mod store {
    include!(concat!(env!("OUT_DIR"), "/store.rs"));
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use ivs_types::rt::Validate;

    use super::{common, store};

    #[test]
    fn the_store_holds_the_common_tag_and_the_added_derives_work() {
        let tag = common::Tag::builder().key("color").value("red").build().expect("set");
        let item = store::Item::builder()
            .name("cup")
            .size(store::Size::Named("small".into()))
            .tags(vec![tag.clone()])
            .build()
            .expect("set");
        let json = serde_json::to_string(&item).expect("writes");
        assert_eq!(json, r#"{"name":"cup","size":{"named":"small"},"tags":[{"key":"color","value":"red"}]}"#);
        assert_eq!(serde_json::from_str::<store::Item>(&json).expect("reads"), item);
        // `#[derive(Eq, Hash)]` added to `Tag` and to the `Size` union.
        let tags: HashSet<common::Tag> = [tag.clone(), tag].into_iter().collect();
        let sizes: HashSet<store::Size> = [store::Size::Bytes(1), store::Size::Bytes(1)].into_iter().collect();
        assert_eq!((tags.len(), sizes.len()), (1, 1));
        let bad: store::Item = serde_json::from_str(r#"{"name":"x","tags":[{"key":""}]}"#).expect("reads");
        assert!(bad.validate().expect_err("empty key").to_string().contains("/tags/0/key"));
    }
}
