//! The types of the shadow registry: registrations, grants, bridge requests, the payload a
//! Web2 system signs, shadow receipts, range commitments and receipt proofs.
//!
//! Every type stored on chain is `MaxEncodedLen`. The bounds of the identifiers and of the
//! method name are protocol constants (not runtime parameters) because they are part of the
//! signed payload and of the receipts that clients decode: [`MAX_ID_LEN`] and
//! [`MAX_METHOD_LEN`] are 63 so that their SCALE length prefix is always a single byte
//! (`len << 2`). The types returned by the runtime API ([`ShadowReceipt`],
//! [`RangeCommitment`], [`ReceiptProof`]) also implement serde under `std`.

use alloc::{boxed::Box, vec::Vec};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{traits::ConstU32, BoundedBTreeSet, BoundedVec};
use scale_info::TypeInfo;
use sp_core::{ed25519, H256};
use sp_runtime::DispatchError;

/// The longest system id or target id, in bytes (one-byte SCALE length prefix).
pub const MAX_ID_LEN: u32 = 63;
/// The longest method name, in bytes (one-byte SCALE length prefix).
pub const MAX_METHOD_LEN: u32 = 63;
/// The longest metadata of a system or target, in bytes.
pub const MAX_METADATA_LEN: u32 = 256;
/// The most capabilities in a system's registration or in a grant.
pub const MAX_CAPABILITIES: u32 = 16;

/// The domain tag that starts every signed request payload: the 18 ASCII bytes
/// `metanode/shadow/v1`, SCALE-encoded as a fixed-size array (no length prefix).
pub const REQUEST_DOMAIN: [u8; 18] = *b"metanode/shadow/v1";

/// The id of a registered Web2 system: 1 to [`MAX_ID_LEN`] printable ASCII bytes
/// (`0x21..=0x7e`, no spaces), e.g. `acme-crm`.
pub type SystemId = BoundedVec<u8, ConstU32<MAX_ID_LEN>>;
/// The id of a registered Web3 target: same rules as [`SystemId`], e.g. `gen.transfer`.
pub type TargetId = BoundedVec<u8, ConstU32<MAX_ID_LEN>>;
/// A method name in a bridge request (free-form, up to [`MAX_METHOD_LEN`] bytes).
pub type Method = BoundedVec<u8, ConstU32<MAX_METHOD_LEN>>;
/// Free-form metadata of a system or target (e.g. a URL or a hash), up to
/// [`MAX_METADATA_LEN`] bytes.
pub type Metadata = BoundedVec<u8, ConstU32<MAX_METADATA_LEN>>;
/// A set of capabilities (at most [`MAX_CAPABILITIES`]).
pub type Capabilities = BoundedBTreeSet<Capability, ConstU32<MAX_CAPABILITIES>>;
/// The ed25519 public key of a Web2 system.
pub type SystemKey = ed25519::Public;
/// An ed25519 signature by a Web2 system's key.
pub type SystemSignature = ed25519::Signature;

/// What a Web2 system may do for an account that granted it.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Debug,
)]
pub enum Capability {
	/// Move the granter's native tokens (GEN), e.g. `Balances::transfer_keep_alive`.
	Transfer,
	/// Move the granter's assets (NEX, FLX, AUR), e.g. `Assets::transfer_keep_alive`.
	AssetTransfer,
	/// Have requests to off-chain targets recorded for the granter (the usual capability of
	/// [`TargetKind::Record`] targets).
	Record,
	/// An application-defined capability: its meaning is agreed between the runtime's
	/// [`CallCapability`](crate::CallCapability) mapping or a record target and its users.
	Custom(u32),
}

/// What a Web3 target is, and so what a request to it does.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
pub enum TargetKind {
	/// An on-chain call: a request carries a runtime call ([`RequestParams::Call`]), which is
	/// dispatched with the granting account as its origin if the runtime's
	/// [`CallCapability`](crate::CallCapability) maps it to a capability of the grant.
	Dispatch,
	/// An off-chain target: a request carries only the hash of its parameters
	/// ([`RequestParams::Hash`]) and is recorded for the Web2 side; the grant must hold
	/// `capability`.
	Record {
		/// The capability a grant must hold for requests to this target.
		capability: Capability,
	},
}

/// A registered Web2 system.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct SystemInfo<AccountId, Balance, BlockNumber> {
	/// The account that registered it, holds its deposit and may rotate its key.
	pub owner: AccountId,
	/// The key that signs its bridge requests.
	pub key: SystemKey,
	/// What it may be granted.
	pub capabilities: Capabilities,
	/// Free-form metadata.
	pub metadata: Metadata,
	/// The deposit held from `owner`, released on deregistration.
	pub deposit: Balance,
	/// A number unique to this registration: grants made to an earlier registration of the
	/// same system id are void.
	pub registration: u64,
	/// The block it was registered in.
	pub registered_at: BlockNumber,
}

/// A registered Web3 target.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct TargetInfo<AccountId, Balance, BlockNumber> {
	/// The account that registered it and holds its deposit.
	pub owner: AccountId,
	/// An on-chain call or an off-chain (recorded) target.
	pub kind: TargetKind,
	/// The hash of the target's interface description (e.g. an ABI or OpenAPI document);
	/// informational, not checked by the runtime.
	pub interface_hash: H256,
	/// Free-form metadata.
	pub metadata: Metadata,
	/// The deposit held from `owner`, released on deregistration.
	pub deposit: Balance,
	/// The block it was registered in.
	pub registered_at: BlockNumber,
}

/// An acting-as grant: the granting account lets a Web2 system act for it.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct Grant<Balance, BlockNumber> {
	/// What the system may do for the granter (a subset of the system's capabilities).
	pub capabilities: Capabilities,
	/// The first block at which the grant no longer applies.
	pub expires_at: BlockNumber,
	/// The registration of the system the grant was made to ([`SystemInfo::registration`]).
	pub registration: u64,
	/// The deposit held from the granter, released when the grant is revoked.
	pub deposit: Balance,
}

/// Compliance flags a Web2 system declares for a request; signed with it and copied to its
/// receipt. They classify the data the request concerns for the Web2 side's audits; the
/// runtime does not interpret them (on-chain retention is the runtime's
/// [`Config::ReceiptRetention`](crate::Config::ReceiptRetention)).
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Default,
	Debug,
)]
#[cfg_attr(
	feature = "std",
	derive(frame_support::Serialize, frame_support::Deserialize),
	serde(crate = "frame_support::__private::serde", rename_all = "camelCase")
)]
pub struct Compliance {
	/// Personal data of EU residents (GDPR).
	pub gdpr: bool,
	/// US protected health information (HIPAA).
	pub hipaa: bool,
	/// Payment card data (PCI DSS).
	pub pci: bool,
	/// For how many days the Web2 side keeps the request's data (0: unspecified).
	pub retention_days: u32,
	/// The jurisdiction: an ISO 3166-1 alpha-2 code in ASCII (`*b"DE"`; `*b"EU"` for the
	/// European Union; `[0, 0]` for unspecified).
	pub jurisdiction: [u8; 2],
}

/// The parameters of a bridge request as submitted.
#[derive(Encode, Decode, DecodeWithMemTracking, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub enum RequestParams<Call> {
	/// For a [`TargetKind::Record`] target: only the blake2-256 hash of the Web2 parameters,
	/// which stay off chain (so personal data never reaches the chain).
	Hash(H256),
	/// For a [`TargetKind::Dispatch`] target: the runtime call. Its SCALE encoding is the
	/// request's parameters, so the signed params hash is `blake2_256(SCALE(call))`.
	Call(Box<Call>),
}

impl<Call: Encode> RequestParams<Call> {
	/// The params hash that is signed: the hash itself, or `blake2_256(SCALE(call))`.
	pub fn hash(&self) -> H256 {
		match self {
			RequestParams::Hash(hash) => *hash,
			RequestParams::Call(call) => H256(sp_io::hashing::blake2_256(&call.encode())),
		}
	}
}

/// A bridge request: what a relayer submits, with the Web2 system's signature over its
/// [`RequestPayload`].
#[derive(Encode, Decode, DecodeWithMemTracking, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct BridgeRequest<AccountId, Call> {
	/// The Web2 system that signed the request.
	pub system_id: SystemId,
	/// Strictly greater than the system's last accepted nonce (gaps are allowed).
	pub nonce: u64,
	/// The account the system acts for; it must have granted the system.
	pub account: AccountId,
	/// The registered Web3 target.
	pub target: TargetId,
	/// The method, free-form (e.g. `transfer`); signed and reported, not interpreted.
	pub method: Method,
	/// The parameters: a hash (record targets) or a call (dispatch targets).
	pub params: RequestParams<Call>,
	/// The compliance flags, copied to the receipt.
	pub compliance: Compliance,
}

/// The message a Web2 system signs (ed25519, over the SCALE encoding of this struct, not
/// hashed first). Field by field, with `AccountId32` and `H256` hashes:
///
/// | bytes | field |
/// | --- | --- |
/// | 18 | `domain`: `metanode/shadow/v1` |
/// | 32 | `genesis_hash`: the chain's block 0 hash |
/// | 1 + n | `system_id`: length `n << 2`, then `n` bytes |
/// | 8 | `nonce`: u64 little-endian |
/// | 32 | `account`: the account acted for |
/// | 1 + n | `target` |
/// | 1 + n | `method` |
/// | 32 | `params_hash` |
/// | 1+1+1 | `compliance.gdpr`, `.hipaa`, `.pci`: `0x00` or `0x01` |
/// | 4 | `compliance.retention_days`: u32 little-endian |
/// | 2 | `compliance.jurisdiction` |
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct RequestPayload<AccountId, Hash> {
	/// Always [`REQUEST_DOMAIN`].
	pub domain: [u8; 18],
	/// The genesis hash of the chain (no cross-chain replay).
	pub genesis_hash: Hash,
	/// The signing system.
	pub system_id: SystemId,
	/// The request's nonce.
	pub nonce: u64,
	/// The account acted for.
	pub account: AccountId,
	/// The target.
	pub target: TargetId,
	/// The method.
	pub method: Method,
	/// [`RequestParams::hash`].
	pub params_hash: H256,
	/// The compliance flags.
	pub compliance: Compliance,
}

impl<AccountId: Clone, Hash> RequestPayload<AccountId, Hash> {
	/// The payload of `request` on the chain whose genesis hash is `genesis_hash`.
	pub fn new<Call: Encode>(genesis_hash: Hash, request: &BridgeRequest<AccountId, Call>) -> Self {
		Self {
			domain: REQUEST_DOMAIN,
			genesis_hash,
			system_id: request.system_id.clone(),
			nonce: request.nonce,
			account: request.account.clone(),
			target: request.target.clone(),
			method: request.method.clone(),
			params_hash: request.params.hash(),
			compliance: request.compliance,
		}
	}
}

/// What happened to a request.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
#[cfg_attr(
	feature = "std",
	derive(frame_support::Serialize, frame_support::Deserialize),
	serde(crate = "frame_support::__private::serde", rename_all = "camelCase")
)]
pub enum RequestOutcome {
	/// Recorded for the Web2 side (a [`TargetKind::Record`] target).
	Recorded,
	/// The call was dispatched and succeeded.
	Dispatched,
	/// The call was dispatched and failed with this error; its changes were reverted (the
	/// nonce is still used and the receipt stored).
	DispatchFailed(DispatchError),
}

/// A shadow receipt: the chain's record of one processed bridge request.
///
/// Its Merkle leaf is [`receipt_leaf`](crate::receipt_leaf)
/// `= blake2_256(b"metanode/shadow/receipt/v1" ++ SCALE(receipt))`.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
#[cfg_attr(
	feature = "std",
	derive(frame_support::Serialize, frame_support::Deserialize),
	serde(crate = "frame_support::__private::serde", rename_all = "camelCase")
)]
pub struct ShadowReceipt<AccountId, BlockNumber> {
	/// Sequential id, from 0.
	pub receipt_id: u64,
	/// `blake2_256(SCALE(RequestPayload))`: the hash of exactly the message the system
	/// signed (which starts with the domain tag), computable by the Web2 side in advance.
	pub request_id: H256,
	/// `blake2_256(b"metanode/shadow/commitment/v1" ++ SCALE(RequestPayload) ++ signature)`:
	/// commits to the request and to the system's signature of it.
	pub commitment: H256,
	/// The Web2 system.
	pub system_id: SystemId,
	/// The request's nonce.
	pub nonce: u64,
	/// The account the system acted for.
	pub account: AccountId,
	/// The target.
	pub target: TargetId,
	/// What happened.
	pub outcome: RequestOutcome,
	/// The block the request was processed in.
	pub block: BlockNumber,
	/// The block's timestamp, in milliseconds since the Unix epoch.
	pub timestamp: u64,
	/// The compliance flags of the request.
	pub compliance: Compliance,
	/// The range whose Merkle root commits to this receipt.
	pub range: u32,
}

/// The range of blocks receipts are currently collected in.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, Copy, PartialEq, Eq, Default, Debug)]
pub struct OpenRange<BlockNumber> {
	/// Its index (committed ranges are numbered densely from 0).
	pub index: u32,
	/// Its first block.
	pub start: BlockNumber,
	/// The id its first receipt gets.
	pub first_receipt: u64,
}

/// The commitment of a closed range of blocks: the Merkle root of its receipts. Kept forever
/// (receipts and leaves are pruned after the retention period).
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
#[cfg_attr(
	feature = "std",
	derive(frame_support::Serialize, frame_support::Deserialize),
	serde(crate = "frame_support::__private::serde", rename_all = "camelCase")
)]
pub struct RangeCommitment<BlockNumber> {
	/// The range's index.
	pub range: u32,
	/// Its first block.
	pub start_block: BlockNumber,
	/// The block that closed it (not included: its receipts are in the next range).
	pub end_block: BlockNumber,
	/// The id of its first receipt; its receipts are `first_receipt..first_receipt + count`
	/// and receipt `id` is leaf `id - first_receipt`.
	pub first_receipt: u64,
	/// The number of receipts (leaves), at least 1.
	pub count: u32,
	/// The Merkle root of the receipt leaves.
	pub root: H256,
}

/// Where pruning stands.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, Copy, PartialEq, Eq, Default, Debug)]
pub struct PruneCursor {
	/// The oldest range that still has receipts (or the next to be committed).
	pub range: u32,
	/// The oldest receipt still stored (or the next to be created).
	pub next_receipt: u64,
}

/// An inclusion proof of a receipt in its range's Merkle tree (runtime API `prove_receipt`).
/// It stays valid after the receipt is pruned: verify it with
/// [`verify_receipt_proof`](crate::verify_receipt_proof) against the root of range `range`.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
#[cfg_attr(
	feature = "std",
	derive(frame_support::Serialize, frame_support::Deserialize),
	serde(crate = "frame_support::__private::serde", rename_all = "camelCase")
)]
pub struct ReceiptProof<AccountId, BlockNumber> {
	/// The receipt (the leaf's preimage).
	pub receipt: ShadowReceipt<AccountId, BlockNumber>,
	/// The range whose root the proof leads to.
	pub range: u32,
	/// The leaf's index in the range.
	pub leaf_index: u32,
	/// The number of leaves of the range.
	pub number_of_leaves: u32,
	/// The sibling hashes from the leaf up to (not including) the root.
	pub items: Vec<H256>,
}
