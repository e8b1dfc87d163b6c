import { describe, expect, it } from 'vitest';
import { parseAuxiliaryOutcomes } from './auxiliaryOutcomes.ts';

describe('parseAuxiliaryOutcomes', () => {
  it('is 1 for an in-hospital death or a death within the given days of ICU admission', () => {
    const text = [
      'RecordID,SAPS-I,SOFA,Length_of_stay,Survival,In-hospital_death',
      '1,6,1,5,-1,0',
      '2,10,4,9,9,1',
      '3,12,5,8,20,0',
      '4,12,5,8,30,0',
      '5,12,5,8,31,0',
      '6,12,5,8,400,1',
      '',
    ].join('\n');
    expect([...parseAuxiliaryOutcomes(text, 30)]).toEqual([
      ['1', 0],
      ['2', 1],
      ['3', 1],
      ['4', 1],
      ['5', 0],
      ['6', 1],
    ]);
    expect(parseAuxiliaryOutcomes(text, 10).get('3')).toBe(0);
  });

  it('needs the Survival column and valid values', () => {
    expect(() => parseAuxiliaryOutcomes('RecordID,In-hospital_death\n1,0', 30)).toThrow(/Survival/);
    expect(() => parseAuxiliaryOutcomes('RecordID,Survival,In-hospital_death\n1,x,0', 30)).toThrow(/line 2/);
  });
});
