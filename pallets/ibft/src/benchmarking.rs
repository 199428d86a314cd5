//! Benchmarks of `pallet-ibft`: the equivocation report, both its authorization (run by
//! `frame_system::AuthorizeCall` in the pool and in blocks) and its dispatch.
//!
//! Both are measured in their worst case: a valid proof (so both signatures are verified),
//! an authority set of `a` keys, and an offender with one free report slot left.

use super::*;
use crate::Pallet as Ibft;
use alloc::{boxed::Box, vec::Vec};
use codec::Encode;
use frame_benchmarking::v2::*;
use frame_support::{
	pallet_prelude::TransactionSource,
	traits::{Authorize, Get},
	BoundedVec,
};
use frame_system::RawOrigin;
use metanode_ibft_core::{signing_payload, Signed, SignedPayload};
use metanode_ibft_primitives::{Equivocation, Prepare};
use sp_application_crypto::RuntimeAppPublic;
use sp_core::H256;

/// The slot of the benchmarked equivocation.
const HEIGHT: Height = 1_000;
const ROUND: Round = 3;

/// An authority key that is only a member, never a signer: any 32 bytes will do.
fn member(index: u32) -> AuthorityId {
	let raw = sp_io::hashing::blake2_256(&(b"ibft-benchmark-member", index).encode());
	AuthorityId::from(sp_core::ed25519::Public::from_raw(raw))
}

/// Signs `message` with `key`, whose secret the keystore holds.
fn sign<M: SignedPayload>(
	key: &AuthorityId,
	set_id: SetId,
	message: M,
) -> Result<Signed<ibft_primitives::IbftTypes, M>, BenchmarkError> {
	let signature = key
		.sign(&signing_payload(set_id, &message))
		.ok_or(BenchmarkError::Stop("the keystore cannot sign with the benchmark key"))?;
	Ok(Signed { set_id, message, from: key.clone(), signature })
}

/// Stores a set of `a` authorities as the current set and returns a valid equivocation proof
/// of one of them, who already has `MaxReportsPerOffender - 1` reports in the set.
fn worst_case_report<T: Config>(
	a: u32,
) -> Result<(AuthorityId, EquivocationProof), BenchmarkError> {
	let offender = AuthorityId::generate_pair(None);
	let mut authorities: Vec<AuthorityId> = (1..a).map(member).collect();
	authorities.push(offender.clone());
	authorities.sort();

	let set_id = CurrentSetId::<T>::get();
	AuthoritySets::<T>::insert(
		set_id,
		BoundedAuthorityList::<T::MaxAuthorities>::force_from(authorities, None),
	);

	let earlier: Vec<(Height, Round)> = (0..T::MaxReportsPerOffender::get().saturating_sub(1))
		.map(|h| (Height::from(h), 0))
		.collect();
	let earlier = BoundedVec::<_, T::MaxReportsPerOffender>::try_from(earlier)
		.map_err(|_| BenchmarkError::Stop("too many earlier reports"))?;
	Reports::<T>::insert(set_id, &offender, earlier);

	let prepare = |byte: u8| Prepare {
		height: HEIGHT,
		round: ROUND,
		hash: H256::repeat_byte(byte),
		number: 77,
	};
	let proof = EquivocationProof::Prepare(Equivocation {
		first: sign(&offender, set_id, prepare(1))?,
		second: sign(&offender, set_id, prepare(2))?,
	});
	Ok((offender, proof))
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn report_equivocation_unsigned(
		a: Linear<1, { T::MaxAuthorities::get() }>,
	) -> Result<(), BenchmarkError> {
		let (offender, proof) = worst_case_report::<T>(a)?;
		let set_id = CurrentSetId::<T>::get();

		#[extrinsic_call]
		_(RawOrigin::Authorized, Box::new(proof));

		assert!(Ibft::<T>::is_reported(&offender, set_id, HEIGHT, ROUND));
		Ok(())
	}

	#[benchmark]
	fn authorize_report_equivocation_unsigned(
		a: Linear<1, { T::MaxAuthorities::get() }>,
	) -> Result<(), BenchmarkError> {
		let (_, proof) = worst_case_report::<T>(a)?;
		let call = Call::<T>::report_equivocation_unsigned { equivocation_proof: Box::new(proof) };

		#[block]
		{
			call.authorize(TransactionSource::Local)
				.ok_or(BenchmarkError::Stop("the call must be authorized"))?
				.map_err(|_| BenchmarkError::Stop("the report must be valid"))?;
		}

		Ok(())
	}

	impl_benchmark_test_suite!(Ibft, crate::mock::new_test_ext(4), crate::mock::Test);
}
