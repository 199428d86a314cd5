//! Wallet key files in the Polkadot.js JSON keystore format (version 3). An account made with
//! `metanode wallet create` can then be restored in Polkadot.js Apps, the Polkadot.js extension
//! or `@polkadot/keyring`, and an account exported from them can be used by `metanode wallet`.
//!
//! The format, as `@polkadot/keyring` 14 writes it (`pair/encode.js`, `pair/toJson.js`,
//! `util-crypto/json/encryptFormat.js`) and reads it (`pair/decode.js`,
//! `util-crypto/json/decryptData.js`, `util-crypto/scrypt/fromU8a.js`):
//!
//! ```text
//! {
//!   "encoded": base64( salt (32) ‖ N (u32 LE) ‖ p (u32 LE) ‖ r (u32 LE)
//!                      ‖ nonce (24) ‖ secretbox(key, nonce, PKCS8) ),
//!   "encoding": { "content": ["pkcs8", "sr25519"], "type": ["scrypt", "xsalsa20-poly1305"],
//!                 "version": "3" },
//!   "address": SS58 of the public key,
//!   "meta": { "name": ..., "whenCreated": milliseconds since the Unix epoch }
//! }
//! ```
//!
//! - key: the first 32 bytes of scrypt(password as UTF-8, salt, N, r, p). Polkadot.js asks scrypt
//!   for 64 bytes and keeps 32; scrypt's final PBKDF2 step makes those the same as asking for 32.
//! - secretbox: NaCl `crypto_secretbox`, XSalsa20-Poly1305 with the 16-byte tag first.
//! - PKCS8: header (16) ‖ secret key (64) ‖ divider (5) ‖ public key (32), 117 bytes. The
//!   secret key is in schnorrkel's "ed25519 bytes" form, the secret scalar times the cofactor 8
//!   followed by the 32-byte signing nonce (`SecretKey::to_ed25519_bytes`). That is what
//!   `@scure/sr25519`'s `secretFromSeed` gives Polkadot.js 14; it is neither the 32-byte mini
//!   secret nor schnorrkel's canonical `SecretKey::to_bytes`, which `sp_core` keeps.
//!
//! Polkadot.js only decodes six scrypt presets (`ALLOWED_PARAMS`, and of those only the ones
//! with p ≤ 4), so files are always written with its default, N = 2^17, r = 8, p = 1: 128 MiB
//! and about half a second in an optimised build. Files from Polkadot.js are read with any
//! parameters within the limits below, which cover every preset it has used.

use base64::Engine as _;
use crypto_secretbox::{
	aead::{Aead, KeyInit},
	Key, Nonce, XSalsa20Poly1305,
};
use rand::{rngs::OsRng, RngCore};
use serde_json::{json, Value};
use sp_core::{
	crypto::{Ss58AddressFormat, Ss58Codec},
	sr25519, Pair as _,
};
use std::fmt;
use zeroize::Zeroizing;

/// `encoding.version`: the generation of the format written and read here.
const VERSION: &str = "3";
/// `encoding.content`: a PKCS8-style body holding an sr25519 key.
const CONTENT: [&str; 2] = ["pkcs8", "sr25519"];
/// `encoding.type`: scrypt for the key, XSalsa20-Poly1305 for the body.
const ENCRYPTION: [&str; 2] = ["scrypt", "xsalsa20-poly1305"];

/// Start of the PKCS8 body (`PAIR_HDR` in `@polkadot/keyring/pair/defaults.js`). It is the
/// ASN.1 header of an Ed25519 PKCS8 key; Polkadot.js uses it for every key type.
const PKCS8_HEADER: [u8; 16] = [48, 83, 2, 1, 1, 48, 5, 6, 3, 43, 101, 112, 4, 34, 4, 32];
/// Between the secret and the public key (`PAIR_DIV` in `@polkadot/keyring/pair/defaults.js`).
const PKCS8_DIVIDER: [u8; 5] = [161, 35, 3, 33, 0];
/// A secret key in schnorrkel's ed25519 form (`SEC_LENGTH`).
const SECRET_LEN: usize = 64;
/// A mini secret (seed), which generations 1 and 2 stored instead (`SEED_LENGTH`).
const SEED_LEN: usize = 32;
/// An sr25519 public key (`PUB_LENGTH`).
const PUBLIC_LEN: usize = 32;
/// The PKCS8 body this module writes: header ‖ secret ‖ divider ‖ public.
const PKCS8_LEN: usize = PKCS8_HEADER.len() + SECRET_LEN + PKCS8_DIVIDER.len() + PUBLIC_LEN;

/// The scrypt salt (`randomAsU8a()`, 32 bytes).
const SALT_LEN: usize = 32;
/// N, p and r, each a little-endian u32, after the salt (`scryptToU8a`).
const PARAMS_LEN: usize = 12;
/// The XSalsa20 nonce (`NONCE_LENGTH`).
const NONCE_LEN: usize = 24;
/// The Poly1305 tag that starts the sealed body.
const TAG_LEN: usize = 16;
/// The secretbox key: the first 32 bytes of the scrypt output.
const KEY_LEN: usize = 32;

/// The largest log2(N) read. Polkadot.js itself refuses N above 2^20 (`scryptFromU8a`).
const MAX_LOG_N: u8 = 20;
/// The largest scrypt r read (Polkadot.js: 16; every preset uses 8).
const MAX_R: u32 = 32;
/// The largest scrypt p read (Polkadot.js presets go up to 10).
const MAX_P: u32 = 16;
/// The most memory scrypt may take (128 · r · N bytes): twice the Polkadot.js default.
const MAX_MEMORY: u64 = 256 << 20;
/// The most work scrypt may do (128 · r · N · p): eight times the Polkadot.js default, a few
/// seconds. A file is untrusted input, and its parameters decide how long decryption takes.
const MAX_WORK: u64 = 1 << 30;

/// Why a key file could not be written or read. Every message says what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeystoreError {
	/// The password is empty.
	EmptyPassword,
	/// The password does not open the file (or the encrypted part was altered: the
	/// authentication tag cannot tell which).
	WrongPassword,
	/// Not a key file, or a field is missing or unreadable.
	Malformed(String),
	/// `encoding.version` is not "3" (as found, in JSON).
	UnsupportedVersion(String),
	/// `encoding.content` does not start with "pkcs8" (the content as found).
	UnsupportedContent(String),
	/// The key type is not sr25519 (as found).
	UnsupportedKeyType(String),
	/// The file is not encrypted (`encoding.type` is "none").
	NotEncrypted,
	/// `encoding.type` is not scrypt + xsalsa20-poly1305 (the types as found).
	UnsupportedEncryption(String),
	/// The scrypt parameters are outside the limits this module reads.
	UnsupportedScrypt {
		/// N.
		n: u32,
		/// p.
		p: u32,
		/// r.
		r: u32,
		/// Which limit they break.
		reason: &'static str,
	},
	/// The decrypted secret key is not a valid sr25519 key, or does not belong to the public key
	/// stored next to it.
	InvalidKey(String),
	/// The decrypted key is not the one the file's `address` names.
	AddressMismatch {
		/// The file's `address`.
		address: String,
		/// The address of the key inside the file (SS58, prefix 42).
		key_address: String,
	},
	/// The operating system's random number generator failed.
	Random(String),
	/// A step that cannot fail for valid inputs did (a bug).
	Internal(String),
}

impl fmt::Display for KeystoreError {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		match self {
			Self::EmptyPassword => write!(
				f,
				"the password is empty: key files are always protected by a password, give a \
				 non-empty one"
			),
			Self::WrongPassword => write!(
				f,
				"wrong password: the key file does not open with it (if the password is right, the \
				 file was altered or damaged; restore it from a backup or from the mnemonic)"
			),
			Self::Malformed(what) => write!(
				f,
				"not a Polkadot.js key file: {what} (give the JSON file that `metanode wallet \
				 create` wrote or that Polkadot.js exported)"
			),
			Self::UnsupportedVersion(found) => write!(
				f,
				"key file format version {found} is not supported, only version \"3\" (Polkadot.js \
				 since 2020): export the account again from a current Polkadot.js Apps or extension"
			),
			Self::UnsupportedContent(found) => write!(
				f,
				"the key file holds {found}, not a PKCS8 key: export the account again from \
				 Polkadot.js with \"Export account\""
			),
			Self::UnsupportedKeyType(found) => write!(
				f,
				"the key file holds a {found} key, but Metanode wallets use sr25519: create or \
				 import the account in Polkadot.js with the crypto type sr25519 (Schnorrkel)"
			),
			Self::NotEncrypted => write!(
				f,
				"the key file is not encrypted (encoding type \"none\"): only password-protected \
				 files are accepted, export the account again with a password"
			),
			Self::UnsupportedEncryption(found) => write!(
				f,
				"the key file is encrypted with [{found}], but only scrypt + xsalsa20-poly1305 is \
				 supported: export the account again from a current Polkadot.js"
			),
			Self::UnsupportedScrypt { n, p, r, reason } => write!(
				f,
				"the key file's scrypt parameters N={n}, p={p}, r={r} are not accepted: {reason}. \
				 Polkadot.js writes N=131072 (2^17), r=8, p=1; the file may be damaged or \
				 crafted to exhaust memory, export the account again from Polkadot.js"
			),
			Self::InvalidKey(why) => write!(
				f,
				"the key file decrypts, but the key inside is invalid ({why}): the file was not \
				 written by Polkadot.js or Metanode, restore the account from its mnemonic"
			),
			Self::AddressMismatch { address, key_address } => write!(
				f,
				"the key file says it is {address}, but the key inside is {key_address}: the file \
				 was edited; restore it from a backup, or use the account as {key_address}"
			),
			Self::Random(why) => write!(
				f,
				"the operating system's random number generator failed ({why}): try again"
			),
			Self::Internal(why) => write!(f, "internal error in the key file code: {why}"),
		}
	}
}

impl std::error::Error for KeystoreError {}

/// What a key file says about itself, read without the password: for listing wallets and for
/// asking for the right account's password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyFileInfo {
	/// The account, as SS58 with prefix 42 (whatever prefix the file used).
	pub address: String,
	/// `meta.name`, if any.
	pub name: Option<String>,
	/// `meta.whenCreated` (milliseconds since the Unix epoch), if any.
	pub created_ms: Option<u64>,
}

/// Encrypts `pair` into a Polkadot.js key file (a JSON object; write it with
/// `serde_json::to_string_pretty`). A fresh random salt and nonce every time; scrypt with the
/// Polkadot.js default N = 2^17, r = 8, p = 1, so Polkadot.js can import the file.
pub fn encrypt(
	pair: &sr25519::Pair,
	name: &str,
	password: &str,
	created_ms: u64,
) -> Result<Value, KeystoreError> {
	encrypt_with(pair, name, password, created_ms, ScryptParams::POLKADOT_JS_DEFAULT)
}

/// Decrypts a Polkadot.js key file (as written by [`encrypt`], Polkadot.js Apps, the extension or
/// `@polkadot/keyring`) with `password`, and checks that the key is the one its `address` names.
pub fn decrypt(json: &Value, password: &str) -> Result<sr25519::Pair, KeystoreError> {
	let file = parse(json)?;
	if password.is_empty() {
		return Err(KeystoreError::EmptyPassword);
	}
	let data = file.encoded.as_slice();
	let min_len = SALT_LEN + PARAMS_LEN + NONCE_LEN + TAG_LEN;
	if data.len() < min_len {
		return Err(KeystoreError::Malformed(format!(
			"`encoded` holds {} bytes, fewer than the {min_len} of an empty encrypted key",
			data.len()
		)));
	}
	let (salt, rest) = data.split_at(SALT_LEN);
	let (params, rest) = rest.split_at(PARAMS_LEN);
	let (nonce, sealed) = rest.split_at(NONCE_LEN);
	let params = ScryptParams::read(params)?;

	let key = derive_key(password, salt, params)?;
	let body = XSalsa20Poly1305::new(Key::from_slice(key.as_slice()))
		.decrypt(Nonce::from_slice(nonce), sealed)
		.map(Zeroizing::new)
		.map_err(|_| KeystoreError::WrongPassword)?;

	let (pair, stored_public) = pair_from_pkcs8(body.as_slice())?;
	let public = pair.public().0;
	// Polkadot.js trusts the stored public key; a key whose secret does not produce it would
	// sign for a different account than the one shown.
	if public != stored_public {
		return Err(KeystoreError::InvalidKey(
			"its secret key does not belong to the public key stored with it".into(),
		));
	}
	if public != file.public {
		return Err(KeystoreError::AddressMismatch {
			address: file.address,
			key_address: ss58(&public),
		});
	}
	Ok(pair)
}

/// Reads the address, name and creation time of a key file without decrypting it. Fails as
/// [`decrypt`] would on a file it could never decrypt (wrong format, version or key type).
pub fn inspect(json: &Value) -> Result<KeyFileInfo, KeystoreError> {
	let file = parse(json)?;
	Ok(KeyFileInfo { address: ss58(&file.public), name: file.name, created_ms: file.created_ms })
}

/// scrypt's N (as log2), p and r.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct ScryptParams {
	log_n: u8,
	p: u32,
	r: u32,
}

impl ScryptParams {
	/// `DEFAULT_PARAMS` of `@polkadot/util-crypto` 14 (`scrypt/defaults.js`), one of the
	/// presets its decoder accepts.
	const POLKADOT_JS_DEFAULT: Self = Self { log_n: 17, p: 1, r: 8 };

	/// N.
	fn n(self) -> u32 {
		1u32.checked_shl(u32::from(self.log_n)).unwrap_or(0)
	}

	/// As stored after the salt: N, p, r, each a little-endian u32 (`scryptToU8a`).
	fn to_bytes(self) -> [u8; PARAMS_LEN] {
		let mut bytes = [0u8; PARAMS_LEN];
		bytes[0..4].copy_from_slice(&self.n().to_le_bytes());
		bytes[4..8].copy_from_slice(&self.p.to_le_bytes());
		bytes[8..12].copy_from_slice(&self.r.to_le_bytes());
		bytes
	}

	/// Reads N, p, r (`scryptFromU8a`) and checks them against the limits, before anything
	/// allocates scrypt's memory.
	fn read(bytes: &[u8]) -> Result<Self, KeystoreError> {
		let word = |at: usize| -> u32 {
			let mut le = [0u8; 4];
			if let Some(src) = bytes.get(at..at + 4) {
				le.copy_from_slice(src);
			}
			u32::from_le_bytes(le)
		};
		let (n, p, r) = (word(0), word(4), word(8));
		let unsupported =
			|reason: &'static str| KeystoreError::UnsupportedScrypt { n, p, r, reason };
		if n < 2 || !n.is_power_of_two() {
			return Err(unsupported("N must be a power of two, at least 2"));
		}
		let log_n = n.trailing_zeros() as u8;
		if log_n > MAX_LOG_N {
			return Err(unsupported("N must be at most 2^20"));
		}
		if r == 0 || r > MAX_R {
			return Err(unsupported("r must be between 1 and 32"));
		}
		if p == 0 || p > MAX_P {
			return Err(unsupported("p must be between 1 and 16"));
		}
		let memory = 128 * u64::from(r) * u64::from(n);
		if memory > MAX_MEMORY {
			return Err(unsupported("scrypt would need more than 256 MiB of memory (128·r·N)"));
		}
		if memory * u64::from(p) > MAX_WORK {
			return Err(unsupported(
				"scrypt would take more than 8 times the Polkadot.js default work",
			));
		}
		Ok(Self { log_n, p, r })
	}

	/// The error for parameters the scrypt crate itself refuses.
	fn unsupported(self, reason: &'static str) -> KeystoreError {
		KeystoreError::UnsupportedScrypt { n: self.n(), p: self.p, r: self.r, reason }
	}
}

/// [`encrypt`] with chosen scrypt parameters: tests use a small N, since the default takes
/// 128 MiB and is slow in unoptimised builds. Polkadot.js only imports its presets.
fn encrypt_with(
	pair: &sr25519::Pair,
	name: &str,
	password: &str,
	created_ms: u64,
	params: ScryptParams,
) -> Result<Value, KeystoreError> {
	if password.is_empty() {
		return Err(KeystoreError::EmptyPassword);
	}
	let body = pkcs8(pair)?;

	let mut salt = [0u8; SALT_LEN];
	let mut nonce = [0u8; NONCE_LEN];
	OsRng
		.try_fill_bytes(&mut salt)
		.and_then(|()| OsRng.try_fill_bytes(&mut nonce))
		.map_err(|e| KeystoreError::Random(e.to_string()))?;

	let key = derive_key(password, &salt, params)?;
	let sealed = XSalsa20Poly1305::new(Key::from_slice(key.as_slice()))
		.encrypt(Nonce::from_slice(&nonce), body.as_slice())
		.map_err(|_| KeystoreError::Internal("XSalsa20-Poly1305 encryption failed".into()))?;

	let mut encoded = Vec::with_capacity(SALT_LEN + PARAMS_LEN + NONCE_LEN + sealed.len());
	encoded.extend_from_slice(&salt);
	encoded.extend_from_slice(&params.to_bytes());
	encoded.extend_from_slice(&nonce);
	encoded.extend_from_slice(&sealed);

	Ok(json!({
		"encoded": base64::engine::general_purpose::STANDARD.encode(&encoded),
		"encoding": {
			"content": CONTENT,
			"type": ENCRYPTION,
			"version": VERSION,
		},
		"address": ss58(&pair.public().0),
		"meta": {
			"name": name,
			"whenCreated": created_ms,
		},
	}))
}

/// The secretbox key: scrypt(password, salt) cut to 32 bytes.
fn derive_key(
	password: &str,
	salt: &[u8],
	params: ScryptParams,
) -> Result<Zeroizing<[u8; KEY_LEN]>, KeystoreError> {
	let scrypt_params = scrypt::Params::new(params.log_n, params.r, params.p, KEY_LEN)
		.map_err(|_| params.unsupported("scrypt refuses them (N must be below 2^(16·r))"))?;
	let mut key = Zeroizing::new([0u8; KEY_LEN]);
	scrypt::scrypt(password.as_bytes(), salt, &scrypt_params, key.as_mut_slice())
		.map_err(|e| KeystoreError::Internal(format!("scrypt: {e}")))?;
	Ok(key)
}

/// The PKCS8 body of `pair`: header ‖ secret (ed25519 form) ‖ divider ‖ public key.
fn pkcs8(pair: &sr25519::Pair) -> Result<Zeroizing<Vec<u8>>, KeystoreError> {
	// `sp_core` keeps the secret in schnorrkel's canonical form (`to_raw_vec` is
	// `SecretKey::to_bytes`); going through the bytes rather than `AsRef<schnorrkel::Keypair>`
	// keeps this independent of which schnorrkel build `sp_core` links.
	let raw = Zeroizing::new(pair.to_raw_vec());
	let secret = schnorrkel::SecretKey::from_bytes(raw.as_slice())
		.map_err(|e| KeystoreError::Internal(format!("the sr25519 secret key: {e}")))?;
	let ed25519 = Zeroizing::new(secret.to_ed25519_bytes());
	let mut body = Zeroizing::new(Vec::with_capacity(PKCS8_LEN));
	body.extend_from_slice(&PKCS8_HEADER);
	body.extend_from_slice(ed25519.as_slice());
	body.extend_from_slice(&PKCS8_DIVIDER);
	body.extend_from_slice(&pair.public().0);
	Ok(body)
}

/// The key pair and the stored public key of a decrypted PKCS8 body. Like `decodePair` in
/// `@polkadot/keyring`, it also takes the older layout with a 32-byte seed in place of the
/// 64-byte secret (generations 1 and 2, re-encrypted under version 3 by old Polkadot.js).
fn pair_from_pkcs8(body: &[u8]) -> Result<(sr25519::Pair, [u8; PUBLIC_LEN]), KeystoreError> {
	let unsupported = || {
		KeystoreError::UnsupportedContent(format!(
			"{} decrypted bytes in an unknown layout",
			body.len()
		))
	};
	let rest = body.strip_prefix(&PKCS8_HEADER[..]).ok_or_else(unsupported)?;
	let divider_at = |at: usize| rest.get(at..at + PKCS8_DIVIDER.len()) == Some(&PKCS8_DIVIDER[..]);

	let (pair, after) = if divider_at(SECRET_LEN) {
		let secret = schnorrkel::SecretKey::from_ed25519_bytes(&rest[..SECRET_LEN])
			.map_err(|e| KeystoreError::InvalidKey(e.to_string()))?;
		let canonical = Zeroizing::new(secret.to_bytes());
		let pair = sr25519::Pair::from_seed_slice(canonical.as_slice())
			.map_err(|e| KeystoreError::InvalidKey(format!("{e:?}")))?;
		(pair, &rest[SECRET_LEN + PKCS8_DIVIDER.len()..])
	} else if divider_at(SEED_LEN) {
		let pair = sr25519::Pair::from_seed_slice(&rest[..SEED_LEN])
			.map_err(|e| KeystoreError::InvalidKey(format!("{e:?}")))?;
		(pair, &rest[SEED_LEN + PKCS8_DIVIDER.len()..])
	} else {
		return Err(unsupported());
	};
	let stored = after
		.get(..PUBLIC_LEN)
		.and_then(|bytes| <[u8; PUBLIC_LEN]>::try_from(bytes).ok())
		.ok_or_else(unsupported)?;
	Ok((pair, stored))
}

/// A key file's fields, checked and decoded.
struct Parsed {
	/// The bytes of `encoded`.
	encoded: Vec<u8>,
	/// `address`, as written.
	address: String,
	/// The public key `address` names.
	public: [u8; PUBLIC_LEN],
	name: Option<String>,
	created_ms: Option<u64>,
}

/// Checks the format (version, content, key type, encryption) and decodes the fields.
fn parse(json: &Value) -> Result<Parsed, KeystoreError> {
	let file = json
		.as_object()
		.ok_or_else(|| KeystoreError::Malformed("the JSON is not an object".into()))?;
	let encoding = file
		.get("encoding")
		.and_then(Value::as_object)
		.ok_or_else(|| KeystoreError::Malformed("it has no `encoding` object".into()))?;
	check_encoding(encoding)?;

	let encoded = file
		.get("encoded")
		.and_then(Value::as_str)
		.ok_or_else(|| KeystoreError::Malformed("it has no `encoded` text".into()))?;
	let encoded = decode_body(encoded)?;
	let address = file
		.get("address")
		.and_then(Value::as_str)
		.ok_or_else(|| KeystoreError::Malformed("it has no `address` text".into()))?;
	let public = parse_address(address)?;

	let meta = file.get("meta").and_then(Value::as_object);
	let name = meta.and_then(|m| m.get("name")).and_then(Value::as_str).map(str::to_owned);
	let created_ms = meta.and_then(|m| m.get("whenCreated")).and_then(Value::as_u64);
	Ok(Parsed { encoded, address: address.to_owned(), public, name, created_ms })
}

/// Accepts `encoding` = { version "3", content ["pkcs8", "sr25519"], type containing "scrypt"
/// and "xsalsa20-poly1305" }, the checks `Keyring.createFromJson` and `jsonDecryptData` make.
fn check_encoding(encoding: &serde_json::Map<String, Value>) -> Result<(), KeystoreError> {
	let version = encoding.get("version");
	if version.and_then(Value::as_str) != Some(VERSION) {
		let found = version.map_or_else(|| "(none)".to_owned(), Value::to_string);
		return Err(KeystoreError::UnsupportedVersion(found));
	}
	let content = strings(encoding.get("content"));
	if content.first() != Some(&CONTENT[0]) {
		return Err(KeystoreError::UnsupportedContent(format!("[{}]", content.join(", "))));
	}
	match content.get(1) {
		Some(&key_type) if key_type == CONTENT[1] => {},
		other => {
			let found = other.map_or("(no)", |key_type| *key_type);
			return Err(KeystoreError::UnsupportedKeyType(found.to_owned()));
		},
	}
	let types = strings(encoding.get("type"));
	if types == ["none"] {
		return Err(KeystoreError::NotEncrypted);
	}
	if !ENCRYPTION.iter().all(|wanted| types.contains(wanted)) {
		return Err(KeystoreError::UnsupportedEncryption(types.join(", ")));
	}
	Ok(())
}

/// A JSON string or array of strings as a list (Polkadot.js wrote `type` as a plain string
/// before it became an array).
fn strings(value: Option<&Value>) -> Vec<&str> {
	match value {
		Some(Value::String(s)) => vec![s.as_str()],
		Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
		_ => Vec::new(),
	}
}

/// `encoded`: base64, or `0x` hex as very old Polkadot.js wrote (and `createFromJson` still
/// reads).
fn decode_body(encoded: &str) -> Result<Vec<u8>, KeystoreError> {
	let encoded = encoded.trim();
	if let Some(hex) = encoded.strip_prefix("0x") {
		return crate::rpc::decode_hex(hex).ok_or_else(|| {
			KeystoreError::Malformed("`encoded` starts with 0x but is not hex".into())
		});
	}
	base64::engine::general_purpose::STANDARD
		.decode(encoded)
		.map_err(|e| KeystoreError::Malformed(format!("`encoded` is not base64 ({e})")))
}

/// The public key `address` names: SS58 with any prefix (Polkadot.js exports use the prefix of
/// the chain it was connected to), or `0x` and 64 hex digits.
fn parse_address(address: &str) -> Result<[u8; PUBLIC_LEN], KeystoreError> {
	if let Some(hex) = address.strip_prefix("0x") {
		return crate::rpc::decode_hex(hex)
			.and_then(|bytes| <[u8; PUBLIC_LEN]>::try_from(bytes.as_slice()).ok())
			.ok_or_else(|| {
				KeystoreError::Malformed(format!(
					"`address` {address} is neither SS58 nor 0x and 64 hex digits"
				))
			});
	}
	sr25519::Public::from_ss58check_with_version(address)
		.map(|(public, _format)| public.0)
		.map_err(|e| KeystoreError::Malformed(format!("`address` {address} is not SS58 ({e})")))
}

/// SS58 with the Metanode prefix (42), as `metanode` prints accounts everywhere.
fn ss58(public: &[u8; PUBLIC_LEN]) -> String {
	sr25519::Public::from_raw(*public)
		.to_ss58check_with_version(Ss58AddressFormat::custom(metanode_primitives::SS58_PREFIX))
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::rpc::decode_hex;

	/// The Substrate development mnemonic.
	const PHRASE: &str = "bottom drive obey lake curtain smoke basket hold race lonely fit walk";
	const PASSWORD: &str = "correct horse";
	/// Cheap scrypt parameters for tests that do not need Polkadot.js to read the file.
	const FAST: ScryptParams = ScryptParams { log_n: 10, p: 1, r: 8 };

	/// Written by `@polkadot/keyring` 14.0.3 (tests/client): `new Keyring({ type: 'sr25519',
	/// ss58Format: 42 }).addFromUri(PHRASE, { name: 'metanode-kat', whenCreated:
	/// 1700000000000 }).toJson('correct horse')`, so with its default scrypt N = 2^17, p = 1,
	/// r = 8.
	const POLKADOT_JS_FILE: &str = r#"{"encoded":"vdus+OJ92YFCxWf+DHyjHM5kRjPqptCEL7foUSdpweEAAAIAAQAAAAgAAAA5O8QlGEDA1wOoJmhQ8gml3wfgWoCiHkWYgsbqFaCUeVc5ZbeDYAZcMP5DhjA46aKHqA6tguRhfPpP8acekRp5fvz+NDc8mPXLYiFRj5TIKJ4Dpqecyv9lOkIn7/lDK+j2xn+fTe7fGgYEXjfJE9qFC04/mwCYoxfVc/BC/yDN+/SMrVXUdPW5ER97jXU55ltQ4uAogN89jgvxbxry","encoding":{"content":["pkcs8","sr25519"],"type":["scrypt","xsalsa20-poly1305"],"version":"3"},"address":"5DfhGyQdFobKM8NsWvEeAKk5EQQgYe9AydgJ7rMB6E1EqRzV","meta":{"name":"metanode-kat","whenCreated":1700000000000}}"#;
	const POLKADOT_JS_ADDRESS: &str = "5DfhGyQdFobKM8NsWvEeAKk5EQQgYe9AydgJ7rMB6E1EqRzV";
	/// The PKCS8 body inside `POLKADOT_JS_FILE` (decrypted with `jsonDecryptData`).
	const POLKADOT_JS_PKCS8: &str = "3053020101300506032b65700422042028b0ae221c6bb06856b287f60d7ea0d98552ea5a16db16956849aa371db3eb51fd190cce74df356432b410bd64682309d6dedb27c76845daf388557cbac3ca34a12303210046ebddef8cd9bb167dc30878d7113b7e168e6f0646beffd77d69d39bad76b47a";

	/// An export from Polkadot.js Apps of `//Alice` with password "whoisalice" and scrypt
	/// N = 2^15, p = 1, r = 8 (the Apps default then), from subxt-signer's test vectors.
	const APPS_ALICE_FILE: &str = r#"{"encoded":"DumgApKCTqoCty1OZW/8WS+sgo6RdpHhCwAkA2IoDBMAgAAAAQAAAAgAAAB6IG/q24EeVf0JqWqcBd5m2tKq5BlyY84IQ8oamLn9DZe9Ouhgunr7i36J1XxUnTI801axqL/ym1gil0U8440Qvj0lFVKwGuxq38zuifgoj0B3Yru0CI6QKEvQPU5xxj4MpyxdSxP+2PnTzYao0HDH0fulaGvlAYXfqtU89xrx2/z9z7IjSwS3oDFPXRQ9kAdDebtyCVreZ9Otw9v3","encoding":{"content":["pkcs8","sr25519"],"type":["scrypt","xsalsa20-poly1305"],"version":"3"},"address":"5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY","meta":{"genesisHash":"","name":"Alice","whenCreated":1718265838755}}"#;

	fn dev_pair() -> sr25519::Pair {
		sr25519::Pair::from_phrase(PHRASE, None).unwrap().0
	}

	/// `decrypt`'s error (`sr25519::Pair` has no `Debug`, so no `unwrap_err`).
	fn decrypt_err(json: &Value, password: &str) -> KeystoreError {
		match decrypt(json, password) {
			Ok(_) => panic!("the key file decrypted"),
			Err(e) => e,
		}
	}

	fn parse_json(text: &str) -> Value {
		serde_json::from_str(text).unwrap()
	}

	/// The bytes of a file's `encoded`.
	fn encoded_bytes(file: &Value) -> Vec<u8> {
		base64::engine::general_purpose::STANDARD.decode(file["encoded"].as_str().unwrap()).unwrap()
	}

	fn with_encoded(file: &Value, bytes: &[u8]) -> Value {
		let mut file = file.clone();
		file["encoded"] = base64::engine::general_purpose::STANDARD.encode(bytes).into();
		file
	}

	#[test]
	fn decrypts_a_polkadot_js_file() {
		let file = parse_json(POLKADOT_JS_FILE);
		let pair = decrypt(&file, PASSWORD).unwrap();
		assert_eq!(pair.public(), dev_pair().public());
		assert_eq!(ss58(&pair.public().0), POLKADOT_JS_ADDRESS);
		// The secret itself, not only the public key: signatures verify.
		let signature = pair.sign(b"metanode");
		assert!(sr25519::Pair::verify(&signature, b"metanode", &dev_pair().public()));
	}

	#[test]
	fn decrypts_a_polkadot_js_apps_export() {
		let pair = decrypt(&parse_json(APPS_ALICE_FILE), "whoisalice").unwrap();
		assert_eq!(pair.public(), sr25519::Pair::from_string("//Alice", None).unwrap().public());
	}

	#[test]
	fn writes_the_same_pkcs8_body_as_polkadot_js() {
		let body = pkcs8(&dev_pair()).unwrap();
		assert_eq!(body.len(), PKCS8_LEN);
		assert_eq!(body.as_slice(), decode_hex(POLKADOT_JS_PKCS8).unwrap().as_slice());
	}

	#[test]
	fn inspects_without_the_password() {
		let info = inspect(&parse_json(POLKADOT_JS_FILE)).unwrap();
		assert_eq!(
			info,
			KeyFileInfo {
				address: POLKADOT_JS_ADDRESS.into(),
				name: Some("metanode-kat".into()),
				created_ms: Some(1_700_000_000_000),
			}
		);
	}

	#[test]
	fn round_trips() {
		let pair = dev_pair();
		let file = encrypt_with(&pair, "main", PASSWORD, 1_234, FAST).unwrap();
		assert_eq!(decrypt(&file, PASSWORD).unwrap().public(), pair.public());

		let (other, _) = sr25519::Pair::generate();
		let file = encrypt_with(&other, "other", "pässwörd ✓", 5, FAST).unwrap();
		assert_eq!(decrypt(&file, "pässwörd ✓").unwrap().public(), other.public());
	}

	#[test]
	fn round_trips_with_the_polkadot_js_default() {
		let pair = dev_pair();
		let file = encrypt(&pair, "main", PASSWORD, 1_234).unwrap();
		assert_eq!(&encoded_bytes(&file)[32..44], &[0, 0, 2, 0, 1, 0, 0, 0, 8, 0, 0, 0]);
		assert_eq!(decrypt(&file, PASSWORD).unwrap().public(), pair.public());
	}

	#[test]
	fn writes_the_polkadot_js_layout() {
		let pair = dev_pair();
		let file = encrypt_with(&pair, "main", PASSWORD, 1_700_000_000_000, FAST).unwrap();
		assert_eq!(
			file["encoding"],
			json!({
				"content": ["pkcs8", "sr25519"],
				"type": ["scrypt", "xsalsa20-poly1305"],
				"version": "3",
			})
		);
		assert_eq!(file["address"], POLKADOT_JS_ADDRESS);
		assert_eq!(file["meta"], json!({ "name": "main", "whenCreated": 1_700_000_000_000u64 }));

		let bytes = encoded_bytes(&file);
		assert_eq!(bytes.len(), SALT_LEN + PARAMS_LEN + NONCE_LEN + TAG_LEN + PKCS8_LEN);
		assert_eq!(&bytes[32..44], &[0, 4, 0, 0, 1, 0, 0, 0, 8, 0, 0, 0]);

		// Fresh salt and nonce every time.
		let again = encrypt_with(&pair, "main", PASSWORD, 1_700_000_000_000, FAST).unwrap();
		let again = encoded_bytes(&again);
		assert_ne!(&bytes[..32], &again[..32]);
		assert_ne!(&bytes[44..68], &again[44..68]);
	}

	#[test]
	fn wrong_password_fails() {
		let file = encrypt_with(&dev_pair(), "main", PASSWORD, 0, FAST).unwrap();
		assert_eq!(decrypt_err(&file, "correct horse!"), KeystoreError::WrongPassword);
		assert_eq!(decrypt_err(&file, ""), KeystoreError::EmptyPassword);
		assert!(KeystoreError::WrongPassword.to_string().contains("wrong password"));
	}

	#[test]
	fn empty_password_is_refused() {
		assert_eq!(
			encrypt_with(&dev_pair(), "main", "", 0, FAST).unwrap_err(),
			KeystoreError::EmptyPassword
		);
	}

	#[test]
	fn tampering_is_detected() {
		let file = encrypt_with(&dev_pair(), "main", PASSWORD, 0, FAST).unwrap();
		let bytes = encoded_bytes(&file);

		// Any byte of the salt, nonce, tag or ciphertext.
		for at in [0, 31, 44, 67, 68, 83, 84, 100, bytes.len() - 1] {
			let mut tampered = bytes.clone();
			tampered[at] ^= 0x01;
			assert_eq!(
				decrypt_err(&with_encoded(&file, &tampered), PASSWORD),
				KeystoreError::WrongPassword,
				"byte {at}"
			);
		}
		// Truncated.
		let short = with_encoded(&file, &bytes[..bytes.len() - 1]);
		assert_eq!(decrypt_err(&short, PASSWORD), KeystoreError::WrongPassword);
		assert!(matches!(
			decrypt(&with_encoded(&file, &bytes[..80]), PASSWORD),
			Err(KeystoreError::Malformed(_))
		));

		// Another account's address.
		let mut moved = file.clone();
		let bob = sr25519::Pair::from_string("//Bob", None).unwrap().public();
		moved["address"] = ss58(&bob.0).into();
		match decrypt_err(&moved, PASSWORD) {
			KeystoreError::AddressMismatch { address, key_address } => {
				assert_eq!(address, ss58(&bob.0));
				assert_eq!(key_address, POLKADOT_JS_ADDRESS);
			},
			other => panic!("expected an address mismatch, got {other:?}"),
		}
	}

	#[test]
	fn reads_other_address_formats() {
		let file = encrypt_with(&dev_pair(), "main", PASSWORD, 0, FAST).unwrap();
		let public = dev_pair().public();

		let mut polkadot = file.clone();
		polkadot["address"] = public.to_ss58check_with_version(Ss58AddressFormat::custom(0)).into();
		assert_eq!(decrypt(&polkadot, PASSWORD).unwrap().public(), public);
		assert_eq!(inspect(&polkadot).unwrap().address, POLKADOT_JS_ADDRESS);

		let mut hex = file.clone();
		hex["address"] = format!("0x{}", POLKADOT_JS_PKCS8.get(170..234).unwrap()).into();
		assert_eq!(decrypt(&hex, PASSWORD).unwrap().public(), public);
	}

	#[test]
	fn reads_the_seed_layout_of_older_generations() {
		let seed = [7u8; SEED_LEN];
		let pair = sr25519::Pair::from_seed(&seed);
		let mut body = PKCS8_HEADER.to_vec();
		body.extend_from_slice(&seed);
		body.extend_from_slice(&PKCS8_DIVIDER);
		body.extend_from_slice(&pair.public().0);
		let (decoded, stored) = pair_from_pkcs8(&body).unwrap();
		assert_eq!(decoded.public(), pair.public());
		assert_eq!(stored, pair.public().0);
	}

	#[test]
	fn refuses_unsupported_files() {
		let file = encrypt_with(&dev_pair(), "main", PASSWORD, 0, FAST).unwrap();
		let edit = |pointer: &str, value: Value| {
			let mut edited = file.clone();
			*edited.pointer_mut(pointer).unwrap() = value;
			decrypt_err(&edited, PASSWORD)
		};

		assert_eq!(
			edit("/encoding/version", json!("2")),
			KeystoreError::UnsupportedVersion("\"2\"".into())
		);
		assert_eq!(
			edit("/encoding/version", json!(3)),
			KeystoreError::UnsupportedVersion("3".into())
		);
		assert_eq!(
			edit("/encoding/content", json!(["pkcs8", "ed25519"])),
			KeystoreError::UnsupportedKeyType("ed25519".into())
		);
		assert_eq!(
			edit("/encoding/content", json!(["pkcs8"])),
			KeystoreError::UnsupportedKeyType("(no)".into())
		);
		assert_eq!(
			edit("/encoding/content", json!(["raw", "sr25519"])),
			KeystoreError::UnsupportedContent("[raw, sr25519]".into())
		);
		assert_eq!(edit("/encoding/type", json!(["none"])), KeystoreError::NotEncrypted);
		assert_eq!(edit("/encoding/type", json!("none")), KeystoreError::NotEncrypted);
		assert_eq!(
			edit("/encoding/type", json!(["xsalsa20-poly1305"])),
			KeystoreError::UnsupportedEncryption("xsalsa20-poly1305".into())
		);
		assert!(matches!(edit("/encoded", json!("not base64!")), KeystoreError::Malformed(_)));
		assert!(matches!(edit("/address", json!("alice")), KeystoreError::Malformed(_)));
		assert!(matches!(decrypt(&json!([]), PASSWORD), Err(KeystoreError::Malformed(_))));
		assert!(matches!(decrypt(&json!({}), PASSWORD), Err(KeystoreError::Malformed(_))));

		let message = edit("/encoding/content", json!(["pkcs8", "ed25519"])).to_string();
		assert!(message.contains("sr25519"), "{message}");
	}

	#[test]
	fn refuses_expensive_or_invalid_scrypt_parameters() {
		let file = encrypt_with(&dev_pair(), "main", PASSWORD, 0, FAST).unwrap();
		let bytes = encoded_bytes(&file);
		let with_params = |n: u32, p: u32, r: u32| {
			let mut edited = bytes.clone();
			edited[32..36].copy_from_slice(&n.to_le_bytes());
			edited[36..40].copy_from_slice(&p.to_le_bytes());
			edited[40..44].copy_from_slice(&r.to_le_bytes());
			decrypt_err(&with_encoded(&file, &edited), PASSWORD)
		};
		// None of these may reach scrypt: each would take far too long or is not scrypt.
		for (n, p, r) in [
			(1 << 24, 1, 8),
			(1 << 20, 1, 8),
			(1 << 18, 1, 16),
			(1 << 17, 16, 8),
			(1 << 15, 1, 1000),
			(1 << 15, 1000, 8),
			(1000, 1, 8),
			(0, 1, 8),
			(1, 1, 8),
			(1 << 15, 0, 8),
			(1 << 15, 1, 0),
		] {
			assert!(
				matches!(with_params(n, p, r), KeystoreError::UnsupportedScrypt { .. }),
				"N={n} p={p} r={r}"
			);
		}
		// Accepted parameters with the wrong ones for this file: only the password check fails.
		assert_eq!(with_params(1 << 11, 1, 8), KeystoreError::WrongPassword);
	}

	#[test]
	fn scrypt_parameters_are_stored_as_polkadot_js_does() {
		assert_eq!(
			ScryptParams::POLKADOT_JS_DEFAULT.to_bytes(),
			[0, 0, 2, 0, 1, 0, 0, 0, 8, 0, 0, 0]
		);
		assert_eq!(
			ScryptParams::read(&ScryptParams::POLKADOT_JS_DEFAULT.to_bytes()).unwrap(),
			ScryptParams::POLKADOT_JS_DEFAULT
		);
		// Every preset of `ALLOWED_PARAMS` in `@polkadot/util-crypto/scrypt/defaults.js`.
		for (log_n, p) in [(13, 10), (14, 5), (15, 3), (15, 1), (16, 2), (17, 1)] {
			let params = ScryptParams { log_n, p, r: 8 };
			assert_eq!(ScryptParams::read(&params.to_bytes()).unwrap(), params);
		}
	}
}
