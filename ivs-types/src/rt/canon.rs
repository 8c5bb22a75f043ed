//! A hash of any value that is consistent with its `PartialEq`, for `@uniqueItems`: values
//! that compare equal hash equally, so a list is checked for repeats with a hash table in
//! linear time instead of comparing every pair.
//!
//! The hash is taken over the value's `Serialize` output (every generated type, and every
//! type a generated list holds, serializes), with three adjustments that keep it consistent
//! with `==`:
//!
//! - a float zero is hashed as `0.0` whatever its sign (`-0.0 == 0.0`);
//! - map entries are combined in an order-independent way (a `serde_json` map with
//!   `preserve_order` compares equal in any order);
//! - a value whose serialization fails (a union's unknown member cannot be sent) is hashed
//!   from its `Debug` text with every `-` left out (so `-0.0` and `0.0` print alike).
//!
//! Unequal values may share a hash; callers compare with `==` within a hash. The hasher is
//! keyed at random per call ([`RandomState`]), so a sender cannot choose items that collide.

use std::collections::hash_map::RandomState;
use std::fmt::{self, Write as _};
use std::hash::{BuildHasher, Hash, Hasher};

use serde::ser::{self, Serialize};

/// The hash of `v` under `keys` (see the module documentation).
pub(crate) fn hash_value<T: Serialize + fmt::Debug + ?Sized>(v: &T, keys: &RandomState) -> u64 {
    let mut s = Hashing { keys, h: keys.build_hasher() };
    if v.serialize(&mut s).is_ok() {
        return s.h.finish();
    }
    let mut d = DebugHash(keys.build_hasher());
    d.0.write_u8(0xDE);
    // `DebugHash` never fails, so neither does `write!` (a `Debug` impl only forwards the
    // writer's errors).
    let _ = write!(d, "{v:?}");
    d.0.finish()
}

/// Hashes `Debug` text, leaving out every `-`.
struct DebugHash(std::hash::DefaultHasher);

impl fmt::Write for DebugHash {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        // `Hasher::write` is streaming: the hash depends on the bytes, not on how they were
        // split into calls.
        for part in s.split('-') {
            self.0.write(part.as_bytes());
        }
        Ok(())
    }
}

/// A value that cannot be serialized: the caller falls back to its `Debug` text.
#[derive(Debug)]
pub(crate) struct Unhashable;

impl fmt::Display for Unhashable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the value cannot be serialized")
    }
}

impl std::error::Error for Unhashable {}

impl ser::Error for Unhashable {
    fn custom<M: fmt::Display>(_: M) -> Self {
        Unhashable
    }
}

/// A serializer that feeds what it is given to a hasher.
struct Hashing<'k> {
    keys: &'k RandomState,
    h: std::hash::DefaultHasher,
}

/// Tags that keep values of different kinds apart (`"1"` and `1`, `[]` and `{}`).
mod tag {
    pub const BOOL: u8 = 1;
    pub const INT: u8 = 2;
    pub const UINT: u8 = 3;
    pub const FLOAT: u8 = 4;
    pub const CHAR: u8 = 5;
    pub const STR: u8 = 6;
    pub const BYTES: u8 = 7;
    pub const NONE: u8 = 8;
    pub const SOME: u8 = 9;
    pub const UNIT: u8 = 10;
    pub const VARIANT: u8 = 11;
    pub const NEWTYPE: u8 = 12;
    pub const SEQ: u8 = 13;
    pub const END: u8 = 14;
    pub const MAP: u8 = 15;
    pub const STRUCT: u8 = 16;
}

impl Hashing<'_> {
    fn float(&mut self, v: f64) {
        self.h.write_u8(tag::FLOAT);
        // `-0.0 == 0.0`: one hash for both. (NaN equals nothing: any hash will do.)
        let v = if v == 0.0 { 0.0 } else { v };
        self.h.write_u64(v.to_bits());
    }
}

impl<'a, 'k> ser::Serializer for &'a mut Hashing<'k> {
    type Ok = ();
    type Error = Unhashable;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = MapHashing<'a, 'k>;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    fn serialize_bool(self, v: bool) -> Result<(), Unhashable> {
        self.h.write_u8(tag::BOOL);
        self.h.write_u8(u8::from(v));
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), Unhashable> {
        self.serialize_i128(i128::from(v))
    }
    fn serialize_i16(self, v: i16) -> Result<(), Unhashable> {
        self.serialize_i128(i128::from(v))
    }
    fn serialize_i32(self, v: i32) -> Result<(), Unhashable> {
        self.serialize_i128(i128::from(v))
    }
    fn serialize_i64(self, v: i64) -> Result<(), Unhashable> {
        self.serialize_i128(i128::from(v))
    }
    fn serialize_i128(self, v: i128) -> Result<(), Unhashable> {
        self.h.write_u8(tag::INT);
        self.h.write_i128(v);
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result<(), Unhashable> {
        self.serialize_u128(u128::from(v))
    }
    fn serialize_u16(self, v: u16) -> Result<(), Unhashable> {
        self.serialize_u128(u128::from(v))
    }
    fn serialize_u32(self, v: u32) -> Result<(), Unhashable> {
        self.serialize_u128(u128::from(v))
    }
    fn serialize_u64(self, v: u64) -> Result<(), Unhashable> {
        self.serialize_u128(u128::from(v))
    }
    fn serialize_u128(self, v: u128) -> Result<(), Unhashable> {
        self.h.write_u8(tag::UINT);
        self.h.write_u128(v);
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result<(), Unhashable> {
        self.float(f64::from(v));
        Ok(())
    }
    fn serialize_f64(self, v: f64) -> Result<(), Unhashable> {
        self.float(v);
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), Unhashable> {
        self.h.write_u8(tag::CHAR);
        self.h.write_u32(u32::from(v));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), Unhashable> {
        self.h.write_u8(tag::STR);
        v.hash(&mut self.h);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Unhashable> {
        self.h.write_u8(tag::BYTES);
        v.hash(&mut self.h);
        Ok(())
    }
    fn serialize_none(self) -> Result<(), Unhashable> {
        self.h.write_u8(tag::NONE);
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Unhashable> {
        self.h.write_u8(tag::SOME);
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Unhashable> {
        self.h.write_u8(tag::UNIT);
        Ok(())
    }
    fn serialize_unit_struct(self, name: &'static str) -> Result<(), Unhashable> {
        self.h.write_u8(tag::UNIT);
        name.hash(&mut self.h);
        Ok(())
    }
    fn serialize_unit_variant(self, name: &'static str, _: u32, variant: &'static str) -> Result<(), Unhashable> {
        self.h.write_u8(tag::VARIANT);
        name.hash(&mut self.h);
        variant.hash(&mut self.h);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, name: &'static str, value: &T) -> Result<(), Unhashable> {
        self.h.write_u8(tag::NEWTYPE);
        name.hash(&mut self.h);
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Unhashable> {
        self.h.write_u8(tag::VARIANT);
        name.hash(&mut self.h);
        variant.hash(&mut self.h);
        value.serialize(self)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self, Unhashable> {
        self.h.write_u8(tag::SEQ);
        Ok(self)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self, Unhashable> {
        self.h.write_u8(tag::SEQ);
        Ok(self)
    }
    fn serialize_tuple_struct(self, name: &'static str, _: usize) -> Result<Self, Unhashable> {
        self.h.write_u8(tag::SEQ);
        name.hash(&mut self.h);
        Ok(self)
    }
    fn serialize_tuple_variant(
        self,
        name: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Self, Unhashable> {
        self.h.write_u8(tag::VARIANT);
        name.hash(&mut self.h);
        variant.hash(&mut self.h);
        self.h.write_u8(tag::SEQ);
        Ok(self)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<MapHashing<'a, 'k>, Unhashable> {
        Ok(MapHashing { entry: None, sum: 0, count: 0, parent: self })
    }
    fn serialize_struct(self, name: &'static str, _: usize) -> Result<Self, Unhashable> {
        self.h.write_u8(tag::STRUCT);
        name.hash(&mut self.h);
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        name: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Self, Unhashable> {
        self.h.write_u8(tag::VARIANT);
        name.hash(&mut self.h);
        variant.hash(&mut self.h);
        self.h.write_u8(tag::STRUCT);
        Ok(self)
    }
}

/// Elements and fields in order: lists, tuples and structures (whose fields come in the
/// order of their declaration).
macro_rules! in_order {
    ($($trait:ident :: $method:ident ($($key:ident)?)),* $(,)?) => {$(
        impl ser::$trait for &mut Hashing<'_> {
            type Ok = ();
            type Error = Unhashable;
            fn $method<T: Serialize + ?Sized>(&mut self, $($key: &'static str,)? value: &T) -> Result<(), Unhashable> {
                $($key.hash(&mut self.h);)?
                value.serialize(&mut **self)
            }
            fn end(self) -> Result<(), Unhashable> {
                self.h.write_u8(tag::END);
                Ok(())
            }
        }
    )*};
}

in_order! {
    SerializeSeq::serialize_element(),
    SerializeTuple::serialize_element(),
    SerializeTupleStruct::serialize_field(),
    SerializeTupleVariant::serialize_field(),
    SerializeStruct::serialize_field(key),
    SerializeStructVariant::serialize_field(key),
}

/// A map: each entry is hashed on its own and the entry hashes are added, so the order of
/// the entries does not matter.
struct MapHashing<'a, 'k> {
    parent: &'a mut Hashing<'k>,
    entry: Option<Hashing<'k>>,
    sum: u64,
    count: u64,
}

impl ser::SerializeMap for MapHashing<'_, '_> {
    type Ok = ();
    type Error = Unhashable;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Unhashable> {
        let keys = self.parent.keys;
        let mut entry = Hashing { keys, h: keys.build_hasher() };
        key.serialize(&mut entry)?;
        self.entry = Some(entry);
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unhashable> {
        // A value without a key is not something a map serializes: refuse it.
        let mut entry = self.entry.take().ok_or(Unhashable)?;
        value.serialize(&mut entry)?;
        self.sum = self.sum.wrapping_add(entry.h.finish());
        self.count = self.count.wrapping_add(1);
        Ok(())
    }

    fn end(self) -> Result<(), Unhashable> {
        if self.entry.is_some() {
            return Err(Unhashable);
        }
        self.parent.h.write_u8(tag::MAP);
        self.parent.h.write_u64(self.count);
        self.parent.h.write_u64(self.sum);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[test]
    fn equal_values_hash_equally() {
        let k = RandomState::new();
        assert_eq!(hash_value(&0.0f64, &k), hash_value(&-0.0f64, &k));
        assert_eq!(hash_value(&vec![0.0f32], &k), hash_value(&vec![-0.0f32], &k));
        assert_ne!(hash_value(&1.0f64, &k), hash_value(&-1.0f64, &k));
        assert_ne!(hash_value("1", &k), hash_value(&1i32, &k));
        assert_ne!(hash_value(&vec!["a", "b"], &k), hash_value(&vec!["b", "a"], &k));
        assert_ne!(hash_value(&vec!["ab"], &k), hash_value(&vec!["a", "b"], &k));
        let a: BTreeMap<String, i32> = [("a".to_string(), 1), ("b".to_string(), 2)].into();
        let b: BTreeMap<String, i32> = [("a".to_string(), 2), ("b".to_string(), 1)].into();
        assert_eq!(hash_value(&a, &k), hash_value(&a.clone(), &k));
        assert_ne!(hash_value(&a, &k), hash_value(&b, &k));
        // Documents: a map in another order is the same map.
        let x: serde_json::Value = serde_json::json!({"a": [1, {"b": null}], "c": 1.5});
        let y: serde_json::Value = serde_json::json!({"c": 1.5, "a": [1, {"b": null}]});
        assert_eq!(x, y);
        assert_eq!(hash_value(&x, &k), hash_value(&y, &k));
    }

    /// A value that cannot be serialized is hashed from its `Debug` text, signs of zero aside.
    #[test]
    fn unserializable_values_fall_back_to_debug() {
        #[derive(Debug, PartialEq)]
        struct NoSend(&'static str, f64);
        impl Serialize for NoSend {
            fn serialize<S: ser::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
                Err(ser::Error::custom("cannot send"))
            }
        }
        let keys = RandomState::new();
        assert_eq!(hash_value(&NoSend("a", 0.0), &keys), hash_value(&NoSend("a", -0.0), &keys));
        assert_ne!(hash_value(&NoSend("a", 0.0), &keys), hash_value(&NoSend("b", 0.0), &keys));
    }
}
