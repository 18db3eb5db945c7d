import { parseErrorBody } from './call-context.js';

describe('parseErrorBody', () => {
  it('reads the wrapped ARM shape with nested details, innermost last', () => {
    const body = {
      error: {
        code: 'ResourceOperationFailure',
        message: 'failed',
        details: [{ code: 'Outer', message: 'o', details: [{ code: 'Inner', message: 'i' }] }],
      },
    };
    expect(parseErrorBody(JSON.stringify(body))).toEqual({
      code: 'ResourceOperationFailure',
      message: 'failed',
      details: [
        { code: 'Outer', message: 'o' },
        { code: 'Inner', message: 'i' },
      ],
    });
  });

  it('reads the flat AKS shape with its subcode and target', () => {
    const body = {
      code: 'BadRequest',
      subcode: 'X',
      message: 'm',
      target: 'agentPoolProfiles',
      details: null,
    };
    expect(parseErrorBody(JSON.stringify(body))).toEqual({
      code: 'BadRequest',
      subcode: 'X',
      message: 'm',
      target: 'agentPoolProfiles',
      details: [],
    });
  });

  it.each([['<html>502 Bad Gateway</html>'], ['[]'], ['{"status":"Failed"}'], ['']])(
    'finds nothing in %j',
    (text) => {
      expect(parseErrorBody(text)).toBeUndefined();
    },
  );
});
