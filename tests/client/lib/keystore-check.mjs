// Reads a wallet key file (the Polkadot.js JSON keystore, version 3) with @polkadot/keyring, the
// way Polkadot.js Apps and the extension restore an account from JSON. The e2e tests use it to
// check that a file `metanode wallet create` wrote imports into Polkadot.js:
//
//   const address = await decryptKeyFile(fs.readFileSync(path, 'utf8'), password);
//
// The Rust side is node/src/wallet_cli/keystore.rs.

import { Keyring } from '@polkadot/keyring';
import { stringToU8a, u8aEq, u8aToHex } from '@polkadot/util';
import { cryptoWaitReady, decodeAddress } from '@polkadot/util-crypto';

/** The Metanode SS58 prefix. */
const SS58_FORMAT = 42;

/**
 * Decrypts `json` (the file's text or its parsed object) with `password` and returns the
 * account's SS58 address (prefix 42). Throws if Polkadot.js cannot read or decrypt the file
 * ("Unable to decode using the supplied passphrase" for a wrong password), or if the key inside
 * is not the account the file's `address` names, or its secret does not sign for it.
 */
export async function decryptKeyFile(json, password) {
  await cryptoWaitReady();
  const file = typeof json === 'string' ? JSON.parse(json) : json;
  const keyring = new Keyring({ type: 'sr25519', ss58Format: SS58_FORMAT });

  // createFromJson checks the encoding (version 3, pkcs8, the key type); decodePkcs8 decrypts,
  // and rejects scrypt parameters other than Polkadot.js's presets.
  const pair = keyring.createFromJson(file);
  if (pair.type !== 'sr25519') {
    throw new Error(`expected an sr25519 key file, found ${pair.type}`);
  }
  pair.decodePkcs8(password);

  // Polkadot.js takes the public key from inside the file and checks it against nothing.
  const named = decodeAddress(file.address);
  if (!u8aEq(pair.publicKey, named)) {
    throw new Error(
      `the key file names ${file.address} (${u8aToHex(named)}) but holds ${u8aToHex(pair.publicKey)}`,
    );
  }
  const message = stringToU8a('metanode keystore check');
  if (!pair.verify(message, pair.sign(message), pair.publicKey)) {
    throw new Error(`the secret key in the file does not sign for ${pair.address}`);
  }
  return pair.address;
}
